/** The hub role's default name. */
export const DEFAULT_HUB_ROLE_NAME = 'landing-zone-hub';
/** The spoke role's default name. */
export const DEFAULT_SPOKE_ROLE_NAME = 'landing-zone-spoke';
/** The default path of hub and spoke roles: the permission boundary's protected path. */
export const DEFAULT_HUB_SPOKE_PATH = '/landing-zone/';
/** The organization read-only role's default name. */
export const DEFAULT_ORG_READ_ONLY_ROLE_NAME = 'landing-zone-org-read-only';
