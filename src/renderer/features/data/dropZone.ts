import { useState, type DragEvent } from 'react';

/** A drop target's handlers and whether something is being dragged over it; `onDrop` gets the drop's data. */
export function useDropZone(onDrop: (data: DataTransfer) => void): { readonly over: boolean; readonly handlers: { onDragOver(e: DragEvent): void; onDragLeave(): void; onDrop(e: DragEvent): void } } {
  const [over, setOver] = useState(false);
  return {
    over,
    handlers: {
      onDragOver(e) {
        e.preventDefault();
        setOver(true);
      },
      onDragLeave: () => setOver(false),
      onDrop(e) {
        e.preventDefault();
        setOver(false);
        onDrop(e.dataTransfer);
      },
    },
  };
}
