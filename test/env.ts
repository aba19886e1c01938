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
  // A test file's heavy workers live as long as it does (its app's close() ends them): started
  // again after every 3 s pause, they loaded their libraries (pdfmake and its fonts, echarts,
  // exceljs) again each time — about a third of the CPU of the xss suite on PostgreSQL.
  HEAVY_IDLE_MS: '600000',
} as const;
