// The two demo organizations: who works there, for which brands, and how their weeks look.
import type { Locale } from '@proofwork/core';

export const DEMO_PASSWORD = 'proofwork-demo';

export interface DemoPerson {
  email: string;
  name: string;
  role: 'owner' | 'manager' | 'member';
  /** Does this person log time (the CMs do; owners and managers log a little). */
  logsTime: 'full' | 'light' | 'none';
  contractHours?: number;
  /** Expected to log time (default: unless they log none). */
  tracksTime?: boolean;
  /** Days off: weeks back from the current one, ISO weekdays, kind; nothing is logged on a full day off. */
  absences?: {
    weeksAgo: number;
    weekdays: number[];
    kind: 'holiday' | 'sick' | 'training' | 'unpaid' | 'other';
    halfDay?: boolean;
  }[];
}

export interface DemoOrganization {
  slug: string;
  name: string;
  timeZone: string;
  locale: Locale;
  contractHours: number;
  /** Public holidays of this country are days off (nobody logs on them). */
  holidayCountry: string;
  brands: { slug: string; name: string; color: string }[];
  people: DemoPerson[];
  /** Weeks back from the current one that hold a crisis (evening and weekend work). */
  crisisWeeksAgo: number;
  crisisBrand: string;
  seed: number;
}

export const DEMO_ORGANIZATIONS: DemoOrganization[] = [
  {
    slug: 'agence-lumen',
    name: 'Agence Lumen',
    timeZone: 'Europe/Paris',
    locale: 'fr',
    contractHours: 35,
    holidayCountry: 'FR',
    brands: [
      { slug: 'fournil', name: 'Le Fournil', color: '#E69F00' },
      { slug: 'bistrot-leon', name: 'Bistrot Léon', color: '#D55E00' },
      { slug: 'eclat', name: 'Éclat Cosmétiques', color: '#CC79A7' },
      { slug: 'maison-aubert', name: 'Maison Aubert', color: '#0072B2' },
    ],
    people: [
      { email: 'owner@lumen.example', name: 'Claire Dumas', role: 'owner', logsTime: 'none' },
      // The manager logs a little and was away: the evidence shows his weeks as incomplete, with why.
      {
        email: 'manager@lumen.example',
        name: 'Julien Moreau',
        role: 'manager',
        logsTime: 'light',
        absences: [
          { weeksAgo: 6, weekdays: [1, 2, 3, 4, 5], kind: 'holiday' },
          { weeksAgo: 5, weekdays: [1, 2], kind: 'holiday' },
          { weeksAgo: 2, weekdays: [4, 5], kind: 'training' },
          { weeksAgo: 1, weekdays: [2], kind: 'sick', halfDay: true },
        ],
      },
      { email: 'cm@lumen.example', name: 'Léa Martin', role: 'member', logsTime: 'full' },
      { email: 'hugo@lumen.example', name: 'Hugo Bernard', role: 'member', logsTime: 'full' },
      { email: 'ines@lumen.example', name: 'Inès Petit', role: 'member', logsTime: 'full', contractHours: 28 },
      { email: 'theo@lumen.example', name: 'Théo Laurent', role: 'member', logsTime: 'full' },
      { email: 'manon@lumen.example', name: 'Manon Girard', role: 'member', logsTime: 'full' },
      { email: 'yanis@lumen.example', name: 'Yanis Roux', role: 'member', logsTime: 'full' },
    ],
    crisisWeeksAgo: 3,
    crisisBrand: 'bistrot-leon',
    seed: 20261,
  },
  {
    slug: 'northwind-outdoors',
    name: 'Northwind Outdoors',
    timeZone: 'America/New_York',
    locale: 'en',
    contractHours: 40,
    holidayCountry: 'US',
    brands: [
      { slug: 'northwind', name: 'Northwind', color: '#009E73' },
      { slug: 'trailhead', name: 'Trailhead Gear', color: '#56B4E9' },
    ],
    people: [
      {
        email: 'manager@northwind.example',
        name: 'Dana Whitfield',
        role: 'owner',
        logsTime: 'light',
        tracksTime: false,
      },
      {
        email: 'cm@northwind.example',
        name: 'Sam Rivera',
        role: 'member',
        logsTime: 'full',
        absences: [{ weeksAgo: 4, weekdays: [3], kind: 'sick' }],
      },
      {
        email: 'alex@northwind.example',
        name: 'Alex Chen',
        role: 'member',
        logsTime: 'full',
        absences: [{ weeksAgo: 2, weekdays: [1, 2], kind: 'training' }],
      },
      { email: 'jordan@northwind.example', name: 'Jordan Blake', role: 'member', logsTime: 'full', contractHours: 30 },
    ],
    crisisWeeksAgo: 6,
    crisisBrand: 'trailhead',
    seed: 20262,
  },
];

/** Relative weight of each category in a normal CM day: video and visual work dominate. */
export const CATEGORY_WEIGHTS: readonly (readonly [string, number])[] = [
  ['content.video', 22],
  ['content.visual', 18],
  ['content.copywriting', 10],
  ['content.ideation', 6],
  ['content.publishing', 5],
  ['approvals', 9],
  ['moderation', 10],
  ['customer_care', 5],
  ['listening', 4],
  ['reporting', 5],
  ['seo', 3],
  ['ads', 4],
  ['influence', 3],
  ['meetings', 6],
  ['training', 2],
  ['admin', 3],
];

/** Typical minutes of one task per category (min, max). */
export const TASK_MINUTES: Record<string, readonly [number, number]> = {
  'content.video': [45, 150],
  'content.visual': [30, 120],
  'content.copywriting': [20, 60],
  'content.ideation': [30, 90],
  'content.publishing': [15, 40],
  approvals: [15, 60],
  moderation: [20, 45],
  customer_care: [15, 45],
  crisis: [30, 120],
  listening: [20, 45],
  reporting: [45, 120],
  seo: [45, 120],
  ads: [30, 90],
  influence: [30, 60],
  meetings: [30, 60],
  training: [30, 90],
  admin: [15, 30],
};

/** Which deliverable a content task produces, per category. */
export const DELIVERABLE_FOR: Record<string, readonly string[]> = {
  'content.video': ['reel', 'reel', 'video', 'story'],
  'content.visual': ['post', 'carousel', 'story', 'post'],
  'content.copywriting': ['post', 'carousel', 'newsletter'],
  seo: ['article'],
  reporting: ['report'],
  ads: ['campaign'],
};

export const NOTES: Record<Locale, Record<string, readonly string[]>> = {
  fr: {
    'content.video': ['montage du reel', 'tournage en boutique', 'sous-titres et musique', 'dérushage'],
    'content.visual': ['retouche photos produits', 'visuels carrousel', 'déclinaison des formats', 'shooting à plat'],
    'content.copywriting': ['légendes de la semaine', 'rédaction des posts', 'hashtags et accroches'],
    'content.ideation': ['calendrier éditorial du mois', 'brainstorming concepts', 'idées de reels'],
    'content.publishing': ['programmation des posts', 'mise en ligne et vérifications'],
    approvals: ['allers-retours avec le client', 'corrections demandées', 'brief client'],
    moderation: ['modération des commentaires', 'réponses aux messages privés', 'animation de la communauté'],
    customer_care: ['réclamations clients', 'SAV en messages privés'],
    crisis: ['bad buzz : réponses aux commentaires', 'cellule de crise', 'message d’excuse à valider'],
    listening: ['veille concurrentielle', 'écoute des mentions'],
    reporting: ['rapport mensuel', 'analyse des stats'],
    seo: ['article de blog optimisé', 'recherche de mots-clés'],
    ads: ['paramétrage campagne sponsorisée', 'suivi des pubs'],
    influence: ['contacts influenceurs', 'brief créateurs'],
    meetings: ['point hebdo équipe', 'réunion client'],
    training: ['formation montage', 'webinaire nouveautés plateformes'],
    admin: ['mails et administratif', 'feuille de temps'],
  },
  en: {
    'content.video': ['reel edit', 'shoot at the store', 'subtitles and music', 'rough cut'],
    'content.visual': ['product photo retouching', 'carousel visuals', 'resizing for formats', 'flat-lay shoot'],
    'content.copywriting': ['captions for the week', 'post copy', 'hooks and hashtags'],
    'content.ideation': ['monthly content calendar', 'concept brainstorm', 'reel ideas'],
    'content.publishing': ['scheduling posts', 'publishing and checks'],
    approvals: ['feedback round with the client', 'requested changes', 'client brief'],
    moderation: ['comment moderation', 'DM replies', 'community engagement'],
    customer_care: ['customer complaints', 'support in DMs'],
    crisis: ['backlash: replying to comments', 'crisis call', 'apology statement review'],
    listening: ['competitor watch', 'mention monitoring'],
    reporting: ['monthly report', 'stats analysis'],
    seo: ['SEO blog post', 'keyword research'],
    ads: ['ad campaign setup', 'ads monitoring'],
    influence: ['influencer outreach', 'creator brief'],
    meetings: ['team weekly', 'client meeting'],
    training: ['editing course', 'platform updates webinar'],
    admin: ['emails and admin', 'timesheet'],
  },
};
