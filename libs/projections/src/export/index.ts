export * from './report-table';
export { renderCsv, formatTrieu, formatPercent } from './csv';
export { renderXlsx } from './xlsx';
