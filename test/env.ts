/**
 * The environment every test app runs with (test/app.ts testConfig); its own module so that
 * test/db.ts can seed the demo template with the same values without importing test/app.ts.
 */
export const TEST_ENV = {
  NODE_ENV: 'test',
  LOG_LEVEL: 'silent',
  BASE_URL: 'http://kzm.test',
  ARGON2_MEMORY_KIB: '1024',
  SECRET: 'test-secret-test-secret-test-secret-42',
} as const;
