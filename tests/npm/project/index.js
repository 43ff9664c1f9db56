// A small multi-module project for the npm tool tests: ES modules, a CommonJS module, JSON,
// classes, template literals and Node built-ins, bundled and minified by esbuild.
import { shapes, area } from './shapes.js';
import config from './config.json';
import { format } from './util.cjs';
import path from 'node:path';

class Report {
  constructor(title) { this.title = title; this.rows = []; }
  add(name, value) { this.rows.push({ name, value }); return this; }
  toString() { return `${this.title}\n` + this.rows.map(r => format(r.name, r.value)).join('\n'); }
}

const r = new Report(config.title);
for (const s of shapes) r.add(s.kind, area(s));
r.add('path', path.posix.join('a', 'b', '..', 'c'));
console.log(String(r));
