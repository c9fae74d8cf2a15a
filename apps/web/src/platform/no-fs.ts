/**
 * `node:fs` and `node:path` in the browser: the contracts' schema generator names them, and the
 * app never runs it. Any call says so instead of failing obscurely.
 */
const unavailable = (): never => {
  throw new Error('File system access is not available in the browser');
};
export const mkdirSync = unavailable;
export const readFileSync = unavailable;
export const readdirSync = unavailable;
export const rmSync = unavailable;
export const rmdirSync = unavailable;
export const writeFileSync = unavailable;
export const dirname = unavailable;
export const join = unavailable;
export default { dirname, join };
