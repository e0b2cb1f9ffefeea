// Exports of other trackers, written by hand from each tracker's documented columns and the forms
// real exports take (BOM or not, quoted or bare, comma or semicolon, 12- or 24-hour clocks,
// durations as H:MM:SS, H:MM, decimals with a point or a comma, "18:25 min", or like a time of day).
// `{cm}`, `{other}` and `{manager}` are the team's e-mails (filled in by the harness).
export const BOM = '\uFEFF';

/** Toggl Track detailed report: BOM, every field quoted, Title-Case headers, an amount in EUR. */
export const TOGGL_DETAILED = `${BOM}"User","Email","Client","Project","Task","Description","Billable","Start date","Start time","End date","End time","Duration","Tags","Amount (EUR)"
"Cm","{cm}","Bistrot Léon","Bistrot Léon Social","","Montage reel Instagram","Yes","2026-11-16","09:00:00","2026-11-16","10:30:00","01:30:00","client, urgent","45.00"
"Cm","{cm}","Bistrot Léon","Bistrot Léon Social","","Modération commentaires Facebook","No","2026-11-16","14:05:10","2026-11-16","14:23:35","00:18:25","",""
"Other","{other}","Acme","Acme Ads","Reporting","Bilan mensuel","Yes","2026-11-17","23:30:00","2026-11-18","00:15:00","00:45:00","","22.50"
`;

/**
 * Toggl Track "time entries" export as older accounts write it: lower-case headers, "Member" and
 * "Stop", no client or task column, bare fields, a 12-hour clock, durations as "18:25 min" and as a
 * time of day ("12:20:00 AM" is 20 minutes), and one duration that disagrees with its times.
 */
export const TOGGL_TIME_ENTRIES = `member,email,project,description,billable,start date,start time,stop date,stop time,duration,tags
Cm,{cm},Acme Social,Retouche carousel LinkedIn,yes,2026-11-18,10:30:34 AM,2026-11-18,10:48:59 AM,18:25 min,
Cm,{cm},Acme Social,Sur Instagram,no,2026-11-18,12:05:00 PM,2026-11-18,12:25:00 PM,12:20:00 AM,
Cm,{cm},Acme Social,Tournage vidéo TikTok,no,2026-11-18,2:00:00 PM,2026-11-18,3:00:00 PM,0:40:00,
`;

/**
 * Toggl Track with the column picker at work, from a French workspace: semicolons, no end columns
 * (the start and the duration give the end), across the night the clocks go back.
 */
export const TOGGL_PICKED = `User;Email;Project;Description;Start date;Start time;Duration
Cm;{cm};Lumen;Veille concurrentielle;2026-10-25;01:30:00;2:00:00
Cm;{cm};Lumen;Programmation posts LinkedIn;2026-10-26;09:00:00;0:30:00
`;

/** Clockify detailed report in English: month-first dates, a 12-hour clock, both durations, rates in USD. */
export const CLOCKIFY_EN = `Project,Client,Description,Task,User,Group,Email,Tags,Billable,Start Date,Start Time,End Date,End Time,Duration (h),Duration (decimal),Billable Rate (USD),Billable Amount (USD)
Acme Social,Acme,Weekly report,Reporting,Cm,Team A,{cm},"Client, Monthly",Yes,11/16/2026,09:00:00 AM,11/16/2026,10:15:00 AM,01:15:00,1.25,80.00,100.00
Acme Social,Acme,Reel montage,,Other,Team A,{other},,No,11/17/2026,01:00:00 PM,11/17/2026,01:20:00 PM,12:20:00 AM,0.33,0.00,0.00
`;

/** Clockify detailed report in French: BOM, semicolons, day-first dates, decimal commas, rates in EUR. */
export const CLOCKIFY_FR = `${BOM}Projet;Client;Description;Tâche;Utilisateur;Groupe;E-mail;Étiquettes;Facturable;Date de début;Heure de début;Date de fin;Heure de fin;Durée (h);Durée (décimale);Taux facturable (EUR);Montant facturable (EUR)
Lumen Social;Boulangerie Martin;Modération commentaires Instagram;;Cm;;{cm};;Oui;16/11/2026;09:00:00;16/11/2026;09:45:00;00:45:00;0,75;60,00;45,00
Lumen Social;Boulangerie Martin;Brief client;;Cm;;{cm};;Non;17/11/2026;14:00;17/11/2026;15:30;01:30:00;1,50;;
`;

/** Harvest detailed time report: dates only, decimal hours, names without e-mails, money columns. */
export const HARVEST_DETAILED = `Date,Client,Project,Project Code,Task,Notes,Hours,Hours Rounded,Billable?,Invoiced?,Approved?,First Name,Last Name,Roles,Employee?,Billable Rate,Billable Amount,Cost Rate,Cost Amount,Currency,External Reference URL
2026-11-16,Acme,Acme Social,AC-01,Design,Carousel soldes Instagram,1.5,1.5,Yes,No,No,Cm,,CM,Yes,90,135,40,60,Euro - EUR,
2026-11-17,Acme,Acme Social,AC-01,Project Management,Réunion hebdo,0.5,0.5,No,No,No,Other,,CM,Yes,0,0,40,20,Euro - EUR,
`;

/** Harvest as an account that shows time as H:MM writes it: month-first dates, lower-case headers. */
export const HARVEST_HOURS_MINUTES = `date,client,project,task,notes,hours,first name,last name,billable?
11/18/2026,Acme,Acme Social,Design,Story Noël Instagram,1:30,Cm,,yes
11/19/2026,Acme,Acme Social,Design,Story Noël Instagram,0:45,Cm,,yes
`;

/** A spreadsheet of one's own, in English: a date, a start and an end, and the member's e-mail. */
export const GENERIC_EN = `Date,Start,End,Description,Project,Tags,Email
2026-11-19,09:00,10:00,Newsletter writing,Acme,newsletter,{cm}
2026-11-19,10:00,10:20,Reply to DMs,Acme,,{other}
`;

/** The same in French: semicolons, day-first dates, a duration with a decimal comma or the times. */
export const GENERIC_FR = `date;début;fin;durée;description;client;étiquettes;e-mail
20/11/2026;;;1,5;Rédaction article blog;Maison Céleste;seo;{cm}
20/11/2026;14h00;14h45;;Appel client;Maison Céleste;;{cm}
`;

/** Minutes, a member column, and clock times with their own UTC offset. */
export const GENERIC_MINUTES = `date,minutes,description,member
2026-11-20,90,Veille concurrentielle,{other}
`;
export const GENERIC_OFFSETS = `start,end,description,email
2026-11-20T09:00:00-05:00,2026-11-20T09:30:00-05:00,Call with the US team,{cm}
`;
