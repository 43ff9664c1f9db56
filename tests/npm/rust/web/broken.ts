export const ok = 1;
export function broken( {
