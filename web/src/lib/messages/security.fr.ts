// Paramètres → Sécurité de connexion (responsables et propriétaires).
import type { securityEn } from './security.en';

export const securityFr: Record<keyof typeof securityEn, string> = {
  'admin.settings.security': 'Sécurité de connexion',
  'security.twoFactor.title': 'Double authentification',
  'security.twoFactor.intro':
    'Les personnes qui doivent saisir un code d’application d’authentification pour voir cette organisation. Celles qui ne l’ont pas doivent d’abord l’activer.',
  'security.twoFactor.rule': 'Exigée pour',
  'security.twoFactor.nobody': 'Personne (chacun choisit)',
  'security.twoFactor.managers': 'Responsables et propriétaires',
  'security.twoFactor.everyone': 'Tout le monde',
  'security.twoFactor.ownersOnly': 'Seuls les propriétaires modifient ce réglage.',
  'security.twoFactor.saved': 'Règle de double authentification enregistrée.',
  'security.sso.ownersOnly':
    'Seuls les propriétaires connectent, modifient ou retirent le fournisseur d’identité : qui le choisit peut se connecter au nom de toute personne qu’il reconnaît.',
  'security.sso.title': 'Authentification unique (OpenID Connect)',
  'security.sso.intro':
    'Permettez la connexion avec le fournisseur d’identité de votre entreprise (Microsoft Entra ID, Google Workspace, Okta, Keycloak…). Toute personne de vos domaines qui se connecte rejoint cette organisation.',
  'security.sso.redirect': 'URI de redirection à déclarer chez votre fournisseur',
  'security.sso.issuer': 'URL de l’émetteur (issuer)',
  'security.sso.clientId': 'Identifiant client',
  'security.sso.clientSecret': 'Secret client',
  'security.sso.clientSecretKept': 'Enregistré. Laissez vide pour le conserver.',
  'security.sso.domains': 'Domaines d’e-mail',
  'security.sso.domainsHint': 'Séparés par des virgules, par ex. acme.com, acme.fr. Les sous-domaines sont inclus.',
  'security.sso.defaultRole': 'Rôle des personnes qui rejoignent',
  'security.sso.save': 'Enregistrer la connexion',
  'security.sso.saved': 'Connexion d’authentification unique enregistrée.',
  'security.sso.remove': 'Retirer la connexion',
  'security.sso.removeQuestion': 'Les personnes qui ne se connectent que par elle ne pourront plus entrer.',
  'security.sso.removeConfirm': 'Retirer',
  'security.sso.removed': 'Connexion d’authentification unique retirée.',
  'security.sso.on': 'Connectée : {issuer}',
  'security.sso.off': 'Non connectée.',
  'security.sso.managersOnly': 'Seuls les responsables et propriétaires voient cette connexion.',
};
