// The CM work taxonomy Proofwork ships with: categories, platforms and deliverable types.
// Keys are stable identifiers stored in data and URLs; names are translated; aliases feed quick-add.

export const LOCALES = ['en', 'fr'] as const;
export type Locale = (typeof LOCALES)[number];

export const CATEGORY_GROUPS = ['content', 'community', 'insight', 'growth', 'coordination'] as const;
export type CategoryGroup = (typeof CATEGORY_GROUPS)[number];

export const CATEGORY_GROUP_NAMES: Record<CategoryGroup, Record<Locale, string>> = {
  content: { en: 'Content creation', fr: 'Création de contenu' },
  community: { en: 'Community & care', fr: 'Communauté & relation' },
  insight: { en: 'Listening & analytics', fr: 'Veille & analyse' },
  growth: { en: 'SEO, ads & influence', fr: 'SEO, pub & influence' },
  coordination: { en: 'Coordination & admin', fr: 'Coordination & admin' },
};

/** Skill families summarise what a CM is really asked to master (dashboards/skills). */
export const SKILL_FAMILIES = [
  'writing',
  'visual',
  'video',
  'community',
  'crisis',
  'analytics',
  'seo',
  'ads',
  'meetings_admin',
] as const;
export type SkillFamily = (typeof SKILL_FAMILIES)[number];

export const SKILL_FAMILY_NAMES: Record<SkillFamily, Record<Locale, string>> = {
  writing: { en: 'Writing', fr: 'Rédaction' },
  visual: { en: 'Visual design', fr: 'Création visuelle' },
  video: { en: 'Video', fr: 'Vidéo' },
  community: { en: 'Community', fr: 'Communauté' },
  crisis: { en: 'Crisis', fr: 'Crise' },
  analytics: { en: 'Analytics', fr: 'Analyse' },
  seo: { en: 'SEO', fr: 'SEO' },
  ads: { en: 'Paid social', fr: 'Publicité' },
  meetings_admin: { en: 'Meetings & admin', fr: 'Réunions & admin' },
};

export interface DefaultCategory {
  key: string;
  group: CategoryGroup;
  skill: SkillFamily;
  color: string;
  name: Record<Locale, string>;
  aliases: Record<Locale, string[]>;
}

// Colours come from a colour-blind-safe palette (Okabe–Ito and Tol variants); charts add labels
// and patterns so colour is never the only cue.
export const DEFAULT_CATEGORIES: readonly DefaultCategory[] = [
  {
    key: 'content.ideation',
    group: 'content',
    skill: 'writing',
    color: '#0072B2',
    name: { en: 'Ideation & editorial planning', fr: 'Idéation & ligne éditoriale' },
    aliases: {
      en: [
        'ideation',
        'brainstorm',
        'brainstorming',
        'editorial calendar',
        'content calendar',
        'content plan',
        'planning',
        'ideas',
      ],
      fr: [
        'idéation',
        'brainstorming',
        'calendrier éditorial',
        'ligne éditoriale',
        'planning éditorial',
        'idées',
        'plan de contenu',
      ],
    },
  },
  {
    key: 'content.copywriting',
    group: 'content',
    skill: 'writing',
    color: '#56B4E9',
    name: { en: 'Copywriting', fr: 'Rédaction' },
    aliases: {
      en: ['copywriting', 'copy', 'captions', 'caption', 'writing', 'hashtags', 'wording'],
      fr: ['rédaction', 'rédac', 'légende', 'légendes', 'texte', 'textes', 'wording', 'écriture'],
    },
  },
  {
    key: 'content.visual',
    group: 'content',
    skill: 'visual',
    color: '#E69F00',
    name: { en: 'Visual design & photo retouching', fr: 'Création visuelle & retouche photo' },
    aliases: {
      en: [
        'visual',
        'visuals',
        'design',
        'graphic design',
        'photo editing',
        'retouching',
        'canva',
        'photoshop',
        'thumbnail',
        'thumbnails',
        'photo shoot',
        'photoshoot',
        'mockup',
      ],
      fr: [
        'visuel',
        'visuels',
        'création visuelle',
        'retouche',
        'retouches',
        'retouche photo',
        'graphisme',
        'shooting photo',
        'miniature',
        'miniatures',
        'infographie',
      ],
    },
  },
  {
    key: 'content.video',
    group: 'content',
    skill: 'video',
    color: '#D55E00',
    name: { en: 'Video shooting & editing', fr: 'Tournage & montage vidéo' },
    aliases: {
      en: [
        'video',
        'video editing',
        'edit',
        'editing',
        'shooting',
        'filming',
        'subtitles',
        'motion design',
        'premiere',
        'capcut',
      ],
      fr: [
        'vidéo',
        'montage',
        'montage vidéo',
        'tournage',
        'dérushage',
        'sous-titres',
        'sous-titrage',
        'motion design',
      ],
    },
  },
  {
    key: 'content.publishing',
    group: 'content',
    skill: 'writing',
    color: '#009E73',
    name: { en: 'Scheduling & publishing', fr: 'Programmation & publication' },
    aliases: {
      en: ['scheduling', 'publishing', 'posting', 'schedule posts', 'upload'],
      fr: ['programmation', 'publication', 'planification', 'mise en ligne', 'programmer'],
    },
  },
  {
    key: 'approvals',
    group: 'coordination',
    skill: 'meetings_admin',
    color: '#CC79A7',
    name: { en: 'Approval rounds & briefs', fr: 'Validations & allers-retours' },
    aliases: {
      en: [
        'approval',
        'approvals',
        'approval round',
        'feedback round',
        'brief',
        'briefs',
        'revisions',
        'client feedback',
        'sign-off',
      ],
      fr: [
        'validation',
        'validations',
        'allers-retours',
        'aller-retour',
        'brief',
        'retours client',
        'corrections',
        'relecture',
      ],
    },
  },
  {
    key: 'moderation',
    group: 'community',
    skill: 'community',
    color: '#F0E442',
    name: { en: 'Moderation & engagement', fr: 'Modération & animation' },
    aliases: {
      en: ['moderation', 'modding', 'comments', 'community management', 'engagement', 'replies', 'dms', 'dm', 'inbox'],
      fr: [
        'modération',
        'modo',
        'commentaires',
        'animation',
        'animation communauté',
        'réponses',
        'messages privés',
        'mp',
      ],
    },
  },
  {
    key: 'customer_care',
    group: 'community',
    skill: 'community',
    color: '#882255',
    name: { en: 'Customer relations', fr: 'Relation client' },
    aliases: {
      en: ['customer care', 'customer service', 'support', 'complaints', 'customer relations', 'tickets'],
      fr: ['relation client', 'sav', 'service client', 'réclamations', 'réclamation', 'support client'],
    },
  },
  {
    key: 'crisis',
    group: 'community',
    skill: 'crisis',
    color: '#AA4499',
    name: { en: 'Crisis handling', fr: 'Gestion de crise' },
    aliases: {
      en: ['crisis', 'backlash', 'shitstorm', 'damage control', 'bad buzz', 'escalation'],
      fr: ['crise', 'gestion de crise', 'bad buzz', 'polémique', 'urgence'],
    },
  },
  {
    key: 'listening',
    group: 'insight',
    skill: 'analytics',
    color: '#44AA99',
    name: { en: 'Social listening & monitoring', fr: 'Veille & écoute sociale' },
    aliases: {
      en: ['listening', 'social listening', 'monitoring', 'watch', 'benchmark', 'competitor watch', 'trend watching'],
      fr: ['veille', 'écoute sociale', 'veille concurrentielle', 'benchmark', 'tendances', 'surveillance'],
    },
  },
  {
    key: 'reporting',
    group: 'insight',
    skill: 'analytics',
    color: '#117733',
    name: { en: 'Reporting & analytics', fr: 'Reporting & analyse' },
    aliases: {
      en: ['reporting', 'report', 'analytics', 'stats', 'kpi', 'kpis', 'dashboard', 'insights', 'metrics'],
      fr: ['reporting', 'rapport', 'analyse', 'statistiques', 'stats', 'bilan', 'tableau de bord', 'kpi'],
    },
  },
  {
    key: 'seo',
    group: 'growth',
    skill: 'seo',
    color: '#332288',
    name: { en: 'SEO & web writing', fr: 'SEO & rédaction web' },
    aliases: {
      en: ['seo', 'blog', 'blog post', 'web writing', 'keywords', 'keyword research', 'meta descriptions'],
      fr: ['seo', 'référencement', 'rédaction web', 'article de blog', 'blog', 'mots-clés', 'mots clés'],
    },
  },
  {
    key: 'ads',
    group: 'growth',
    skill: 'ads',
    color: '#DDCC77',
    name: { en: 'Paid social', fr: 'Publicité sociale' },
    aliases: {
      en: ['ads', 'paid social', 'ads setup', 'ad campaign', 'boost', 'ads manager', 'sponsored', 'targeting'],
      fr: ['pub', 'publicité', 'sponsorisé', 'sponso', 'campagne pub', 'ciblage', 'ads'],
    },
  },
  {
    key: 'influence',
    group: 'growth',
    skill: 'community',
    color: '#88CCEE',
    name: { en: 'Influencer relations', fr: 'Relations influenceurs' },
    aliases: {
      en: ['influence', 'influencers', 'influencer', 'creator outreach', 'ugc', 'partnerships'],
      fr: ['influence', 'influenceurs', 'influenceur', 'influenceuses', 'partenariats', 'créateurs'],
    },
  },
  {
    key: 'meetings',
    group: 'coordination',
    skill: 'meetings_admin',
    color: '#999933',
    name: { en: 'Meetings & coordination', fr: 'Réunions & coordination' },
    aliases: {
      en: ['meeting', 'meetings', 'call', 'calls', 'standup', 'stand-up', 'sync', 'workshop', 'coordination'],
      fr: ['réunion', 'réunions', 'point', 'call', 'visio', 'atelier', 'coordination', 'point hebdo'],
    },
  },
  {
    key: 'training',
    group: 'coordination',
    skill: 'meetings_admin',
    color: '#6699CC',
    name: { en: 'Training & tool learning', fr: 'Formation & outils' },
    aliases: {
      en: ['training', 'learning', 'course', 'webinar', 'tutorial', 'tool learning'],
      fr: ['formation', 'apprentissage', 'webinaire', 'tuto', 'tutoriel', 'autoformation'],
    },
  },
  {
    key: 'admin',
    group: 'coordination',
    skill: 'meetings_admin',
    color: '#888888',
    name: { en: 'Admin', fr: 'Administratif' },
    aliases: {
      en: ['admin', 'emails', 'email', 'invoicing', 'timesheet', 'paperwork'],
      fr: ['administratif', 'admin', 'mails', 'facturation', 'paperasse', 'emails'],
    },
  },
];

/** Used when a quick-add line names no category. */
export const FALLBACK_CATEGORY_KEY = 'admin';

export const PLATFORMS = [
  'instagram',
  'facebook',
  'tiktok',
  'linkedin',
  'x',
  'youtube',
  'pinterest',
  'threads',
  'snapchat',
  'bluesky',
  'twitch',
  'other',
] as const;
export type Platform = (typeof PLATFORMS)[number];

export const PLATFORM_ALIASES: Record<string, Platform> = {
  ig: 'instagram',
  insta: 'instagram',
  fb: 'facebook',
  yt: 'youtube',
  twitter: 'x',
  tw: 'x',
  tt: 'tiktok',
  li: 'linkedin',
  snap: 'snapchat',
  bsky: 'bluesky',
};

export const PLATFORM_NAMES: Record<Platform, string> = {
  instagram: 'Instagram',
  facebook: 'Facebook',
  tiktok: 'TikTok',
  linkedin: 'LinkedIn',
  x: 'X',
  youtube: 'YouTube',
  pinterest: 'Pinterest',
  threads: 'Threads',
  snapchat: 'Snapchat',
  bluesky: 'Bluesky',
  twitch: 'Twitch',
  other: 'Other',
};

export interface DefaultDeliverableType {
  key: string;
  perceivedMinutes: number;
  name: Record<Locale, string>;
  aliases: Record<Locale, string[]>;
}

export const DEFAULT_DELIVERABLE_TYPES: readonly DefaultDeliverableType[] = [
  {
    key: 'post',
    perceivedMinutes: 3,
    name: { en: 'Post', fr: 'Post' },
    aliases: { en: ['post', 'posts'], fr: ['post', 'posts', 'publication'] },
  },
  {
    key: 'story',
    perceivedMinutes: 2,
    name: { en: 'Story', fr: 'Story' },
    aliases: { en: ['story', 'stories'], fr: ['story', 'stories', 'storys'] },
  },
  {
    key: 'reel',
    perceivedMinutes: 10,
    name: { en: 'Reel', fr: 'Reel' },
    aliases: { en: ['reel', 'reels', 'short', 'shorts'], fr: ['reel', 'reels', 'réel', 'short'] },
  },
  {
    key: 'carousel',
    perceivedMinutes: 5,
    name: { en: 'Carousel', fr: 'Carrousel' },
    aliases: { en: ['carousel', 'carousels'], fr: ['carrousel', 'carrousels', 'carousel'] },
  },
  {
    key: 'video',
    perceivedMinutes: 20,
    name: { en: 'Video', fr: 'Vidéo' },
    aliases: { en: ['youtube video', 'long video'], fr: ['vidéo youtube', 'vidéo longue'] },
  },
  {
    key: 'article',
    perceivedMinutes: 30,
    name: { en: 'Article', fr: 'Article' },
    aliases: { en: ['article', 'articles'], fr: ['article', 'articles'] },
  },
  {
    key: 'newsletter',
    perceivedMinutes: 20,
    name: { en: 'Newsletter', fr: 'Newsletter' },
    aliases: { en: ['newsletter', 'newsletters'], fr: ['newsletter', 'newsletters', 'infolettre'] },
  },
  {
    key: 'campaign',
    perceivedMinutes: 60,
    name: { en: 'Campaign', fr: 'Campagne' },
    aliases: { en: ['campaign', 'campaigns'], fr: ['campagne', 'campagnes'] },
  },
  {
    key: 'report',
    perceivedMinutes: 15,
    name: { en: 'Report', fr: 'Rapport' },
    aliases: { en: ['monthly report'], fr: ['rapport mensuel'] },
  },
];
