// Toggl Track's detailed report and "time entries" CSV: one row per entry with the user's name and
// e-mail, client, project, task (paid plans), description, billable, start and end as separate
// date and time cells, a H:MM:SS duration, comma-separated tags, and an amount in the workspace's
// currency when rates are on. Older exports say "Stop" where newer ones say "End".
import type { CsvFormat } from '../import.contract';

export const togglFormat: CsvFormat = {
  key: 'toggl',
  columns: {
    user: ['user', 'member', 'username'],
    email: ['email', 'e-mail'],
    client: ['client'],
    project: ['project'],
    task: ['task'],
    description: ['description'],
    billable: ['billable'],
    startDate: ['start date'],
    startTime: ['start time'],
    endDate: ['end date', 'stop date'],
    endTime: ['end time', 'stop time'],
    duration: ['duration'],
    tags: ['tags'],
  },
  requires: [
    ['startDate', 'duration'],
    ['startDate', 'startTime', 'endTime'],
  ],
  distinctive: ['duration', 'stop date', 'stop time', 'member'],
  excludes: ['duration (h)', 'duration (decimal)', 'duree (h)', 'hours'],
  dateOrder: 'mdy',
};
