// What dist/test/sim.js exports (bundled by `node esbuild.js --tests`) for the plain-JS runners:
// scripts/run-vscode.mjs (e2e, demo) and scripts/demo.mjs.
export { startSimulator } from './server';
export { SEEDED_READ_JOB_IDS, SEEDED_WRITE_JOB_IDS, SEED_JOB_ID } from './seedJobs';
