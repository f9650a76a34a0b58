// Prerendered at build time and precached by the service worker, which serves it for any page
// navigation that fails because the network is gone.
export const prerender = true;
