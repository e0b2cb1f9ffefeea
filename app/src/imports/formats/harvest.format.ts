// Harvest's detailed time report CSV: one row per entry on a date (no clock times), client,
// project and its code, task, notes, hours (decimal, or H:MM when the account shows time that
// way) and rounded hours, the person's first and last name (no e-mail), billable / invoiced /
// approved flags, rates and amounts with a currency column, and an external reference URL.
import type { CsvFormat } from '../import.contract';

export const harvestFormat: CsvFormat = {
  key: 'harvest',
  columns: {
    date: ['date', 'spent date'],
    client: ['client'],
    project: ['project'],
    task: ['task'],
    description: ['notes'],
    durationDecimal: ['hours'],
    firstName: ['first name'],
    lastName: ['last name'],
    billable: ['billable?', 'billable'],
    currency: ['currency'],
  },
  requires: [['date', 'durationDecimal']],
  distinctive: ['hours', 'hours rounded', 'first name', 'last name', 'notes', 'project code', 'invoiced?', 'approved?'],
  excludes: ['start time', 'duration (h)'],
  dateOrder: 'mdy',
};
