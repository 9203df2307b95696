// The credential the auth layer uses, in a file of its own so the readers that produce one
// (Docker config, credential helpers) need not import credentials.ts, which imports them.

/** What the auth layer uses: Basic user/password, or an OAuth2 refresh (identity) token. */
export interface Credential {
  username: string
  password: string
  /** Docker `identitytoken`: exchanged at the token realm with grant_type=refresh_token. */
  identityToken?: string
}
