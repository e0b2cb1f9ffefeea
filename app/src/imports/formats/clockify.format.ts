// Clockify's detailed report CSV, in English or in French (the export follows the user's language):
// project, client, description, task, user, group, e-mail, tags, billable, start and end as date
// and time cells (12- or 24-hour, the date in the user's format), the duration twice (H:MM:SS and
// decimal hours) and, with rates on, billable rate and amount in the workspace's currency.
import type { CsvFormat } from '../import.contract';

export const clockifyFormat: CsvFormat = {
  key: 'clockify',
  columns: {
    project: ['project', 'projet'],
    client: ['client'],
    description: ['description'],
    task: ['task', 'tache'],
    user: ['user', 'utilisateur', 'utilisateur·rice'],
    email: ['email', 'e-mail', 'courriel'],
    tags: ['tags', 'etiquettes', 'balises'],
    billable: ['billable', 'facturable'],
    startDate: ['start date', 'date de debut'],
    startTime: ['start time', 'heure de debut'],
    endDate: ['end date', 'date de fin'],
    endTime: ['end time', 'heure de fin'],
    duration: ['duration (h)', 'duree (h)'],
    durationDecimal: ['duration (decimal)', 'duree (decimal)', 'duree (decimale)'],
  },
  requires: [
    ['startDate', 'duration'],
    ['startDate', 'durationDecimal'],
    ['startDate', 'startTime', 'endTime'],
  ],
  distinctive: [
    'duration (h)',
    'duration (decimal)',
    'duree (h)',
    'duree (decimal)',
    'duree (decimale)',
    'group',
    'groupe',
  ],
  dateOrder: 'mdy',
};
