/** Portfolio import (DESIGN §3): `npm run import -- <file.csv> [--dry-run]`. */
export * from './import-portfolio.js';
export { portfolioColumns, type RowProblem } from './portfolio-row.js';
