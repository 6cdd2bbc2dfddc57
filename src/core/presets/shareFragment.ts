// How a share link marks itself in the URL fragment ("#preset=v1.…"), apart from the codec, so the page
// can spot a link at start without loading what reads it.
export const SHARE_FRAGMENT_KEY = 'preset';

/** True when a URL or fragment carries a share link (so the app asks before loading it). */
export function hasShareLink(urlOrFragment: string): boolean {
  return new RegExp(`(^|#)${SHARE_FRAGMENT_KEY}=`).test(urlOrFragment);
}
