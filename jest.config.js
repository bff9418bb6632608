/** Jest: unit tests sit beside the code in src/, acceptance tests (real terraform CLI) in test/. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/test', '<rootDir>/examples'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  testPathIgnorePatterns: ['/node_modules/', '/lib/', '/dist/', '/cdktf.out/'],
  testTimeout: 120000,
  reporters: ['default', '<rootDir>/scripts/jest-summary-reporter.js'],
};
