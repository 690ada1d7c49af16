import { strict as assert } from 'node:assert';
import { composeServiceAt } from '../../../src/core/secrets/composeService';
import { LineIndex } from '../../../src/core/secrets/LineIndex';
import { scanText } from '../../../src/core/secrets/scanText';

const compose = [
  '# dev stack',
  'services:',
  '  cache:',
  '    image: redis:7',
  '    environment:',
  '      - REDIS_PASSWORD=hunter22-redis',
  '  "mongo":',
  '    environment:',
  '',
  '      # the root account',
  '      MONGO_INITDB_ROOT_PASSWORD: 7cjUZEqjIMAB6!dJ',
  '  db:',
  '    environment:',
  '      POSTGRES_PASSWORD: postgres',
  'x-defaults:',
  '  environment:',
  '    ADMIN_PASSWORD: Zq8!rTw2pLm4',
  '',
].join('\n');

describe('secret findings in compose files name the variable and the service', () => {
  it('finds the service of an environment entry from indentation (map and list forms, comments, quoted names)', () => {
    const lines = new LineIndex(compose);
    assert.equal(composeServiceAt(lines, 5), 'cache');
    assert.equal(composeServiceAt(lines, 10), 'mongo');
    assert.equal(composeServiceAt(lines, 13), 'db');
    assert.equal(composeServiceAt(lines, 16), undefined, 'not under services:');
    assert.equal(composeServiceAt(lines, 3), undefined, 'not in environment:');
  });

  it('titles: literal passwords and default credentials', () => {
    const titles = scanText('docker-compose.yml', compose).map((f) => `${f.range.line} ${f.ruleId}: ${f.title}`);
    assert.deepEqual(titles, [
      '6 compose-literal-password: Literal password in compose environment: REDIS_PASSWORD of service cache',
      '11 compose-literal-password: Literal password in compose environment: MONGO_INITDB_ROOT_PASSWORD of service mongo',
      '14 default-postgres-password: Default Postgres password (POSTGRES_PASSWORD of service db)',
      '17 compose-literal-password: Literal password in compose file: ADMIN_PASSWORD',
    ]);
  });
});
