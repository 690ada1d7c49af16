import * as assert from 'node:assert/strict';
import { logFileBase } from '../../../src/core/session/logFileName';

describe("logFileBase: a service's log file name", () => {
  it("keeps a plain ASCII name as written (earlier runs' logs keep their names)", () => {
    for (const n of ['api', 'db-1', 'web_2', 'v1.2']) assert.equal(logFileBase(n), n);
  });
  it('gives names that only differ outside ASCII files of their own', () => {
    const names = ['数据库', '服务器', 'datenbank-ü', 'datenbank-ö', 'a b', 'a_b', 'a:b'];
    const files = names.map(logFileBase);
    assert.equal(new Set(files).size, names.length, files.join(' '));
    for (const f of files) assert.match(f, /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/);
  });
  it('never starts with a dot and stays short for any name length', () => {
    assert.doesNotMatch(logFileBase('..hidden'), /^\./);
    assert.ok(logFileBase('s'.repeat(300)).length <= 70);
    assert.notEqual(logFileBase('s'.repeat(300)), logFileBase('s'.repeat(301)));
  });
});
