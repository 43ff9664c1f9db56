import { area, unused } from './lib.mjs';
console.log(area(2, 3));
