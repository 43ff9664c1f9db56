const test=require('node:test');const assert=require('node:assert');
test('adds',()=>{assert.strictEqual(1+1,2)});test('async',async()=>{await new Promise(r=>setTimeout(r,10));assert.ok(true)});
test('sub',async(t)=>{await t.test('inner',()=>{});});
test('fails as expected', { todo: true }, () => { assert.strictEqual(1, 2); });
test.describe('suite', () => { test.it('works', () => assert.deepStrictEqual([1, { a: 2 }], [1, { a: 2 }])); });
