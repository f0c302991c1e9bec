// Stands in for the console's own sign-in: the host page already holds an
// IAM session (here from the sandbox's IAM with the demo API key) and hands
// it to the terminal, so the user does not log in twice.
export async function consoleSession(base = new URL('../', import.meta.url)) {
  const body = new URLSearchParams({
    grant_type: 'urn:ibm:params:oauth:grant-type:apikey',
    apikey: 'demo-apikey',
    response_type: 'cloud_iam',
  });
  const r = await fetch(new URL('api/iam/identity/token', base), {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Accept: 'application/json',
      Authorization: 'Basic Yng6Yng=',
    },
    body,
  });
  if (!r.ok) throw new Error(`IAM answered ${r.status}`);
  const t = await r.json();
  return { accessToken: t.access_token, refreshToken: t.refresh_token };
}

/** Resolves once kterm.js has loaded the bundle (window.KTerm exists). */
export function ktermLoaded() {
  if (window.KTerm) return Promise.resolve(window.KTerm);
  return new Promise((resolve) => {
    window.addEventListener('kterm-loaded', () => resolve(window.KTerm), { once: true });
  });
}
