/** Code generation: a graph as TypeScript for TensorFlow.js. Pure; the callers write the files. */
export { generateModelModule } from './modelModule';
export { generateTrainingProgram, type TrainingProgramOptions } from './trainingProgram';
