// A spreadsheet of one's own: a date, a start and an end (or a duration in hours or minutes), a
// description, a project or client, tags and the member's e-mail, with English or French headers.
import type { CsvFormat } from '../import.contract';

export const genericFormat: CsvFormat = {
  key: 'generic',
  columns: {
    date: ['date', 'day', 'jour', 'local date', 'localdate'],
    start: ['start', 'start time', 'started at', 'from', 'begin', 'debut', 'heure de debut'],
    end: ['end', 'end time', 'ended at', 'to', 'stop', 'finish', 'fin', 'heure de fin'],
    duration: ['duration', 'hours', 'time', 'duree', 'heures', 'temps'],
    minutes: ['minutes', 'duration (min)', 'duree (min)'],
    description: ['description', 'notes', 'note', 'activity', 'activite', 'libelle', 'comment', 'commentaire'],
    project: ['project', 'projet'],
    client: ['client', 'brand', 'marque', 'customer'],
    task: ['task', 'tache', 'category', 'categorie', 'type'],
    tags: ['tags', 'tag', 'etiquettes', 'labels'],
    email: ['email', 'e-mail', 'member email', 'user email', 'courriel', 'member', 'membre'],
    user: ['name', 'member name', 'user', 'person', 'nom', 'personne', 'utilisateur'],
    billable: ['billable', 'facturable'],
  },
  requires: [
    ['date', 'duration'],
    ['date', 'minutes'],
    ['date', 'start', 'end'],
    ['start', 'end'],
    ['start', 'duration'],
  ],
  distinctive: [],
  dateOrder: 'dmy',
};
