// The pages where the tester plays the payer: PayWay's checkout (what Purchase returns to a form POST),
// the card-entry and account-linking screens, payment links, and partner registration. They use only
// relative URLs, so they work under the service worker at any base path and under the Node server.
import { getEndpoint } from '../core/catalog/index.ts';
import type { Call } from './call.ts';
import type { EmulatorCore } from './emulatorCore.ts';
import { ALL_PAYMENT_OPTIONS, effectiveAmount, isPending, linkToken, payLink, payTransaction, PRE_AUTH_OPTIONS } from './lifecycle.ts';
import { formatAmount, toMajor } from './money.ts';
import { qrSvg } from './qrImage.ts';
import { escapeHtml } from './respond.ts';
import { transactionKey, type Delivery, type Session, type SessionKind, type Transaction } from './state.ts';
import { instantOf } from './gatewayTime.ts';

/** From a page at `path` (relative to the mount point) back to the mount point, e.g. "../../". */
export function relativeRoot(path: string): string {
  return '../'.repeat(Math.max(0, path.split('/').length - 2)) || './';
}

export const sessionPath = (id: string) => `/_emulator/pay/${id}`;

export function openSession(call: Call, kind: SessionKind, ref: string, more: Partial<Session> = {}): Session {
  const session: Session = {
    id: call.core.ids.alphanumeric(20),
    kind,
    merchantId: call.merchant.merchantId,
    endpoint: call.endpoint.id,
    ref,
    createdAt: call.now.toISOString(),
    ...more,
  };
  call.state.sessions[session.id] = session;
  return session;
}

/** Header that tells the UI where the payer page of a JSON answer is. */
export const payerPageHeader = (call: Call, session: Session) => ({ 'X-Emulator-Payer-Page': call.core.absoluteUrl(call.origin, sessionPath(session.id)) });

const OPTION_LABELS: Readonly<Record<string, string>> = {
  abapay_khqr: 'KHQR (any Cambodian bank app)',
  abapay_khqr_deeplink: 'KHQR via ABA Mobile deeplink',
  abapay: 'ABA PAY',
  abapay_deeplink: 'ABA PAY deeplink',
  bakong: 'Bakong KHQR',
  cards: 'Credit / debit card',
  alipay: 'Alipay',
  wechat: 'WeChat Pay',
  google_pay: 'Google Pay',
};

/** Options that pay by scanning a QR: these are the ones a closed transaction refuses [OBS SF §19]. */
const SCAN_OPTIONS = new Set(['abapay_khqr', 'abapay_khqr_deeplink', 'bakong', 'abapay', 'abapay_deeplink']);

const STYLE = `
:root{color-scheme:light dark;font-family:system-ui,sans-serif}
body{margin:0;background:#eef2f6;color:#1c2733}
main{max-width:30rem;margin:2rem auto;background:#fff;border-radius:12px;padding:1.5rem;box-shadow:0 2px 12px #0002}
.banner{background:#fff4d6;color:#6b4e00;padding:.5rem .75rem;border-radius:8px;font-size:.85rem}
h1{font-size:1.25rem;margin:.75rem 0}
.amount{font-size:2rem;font-weight:700;margin:.25rem 0}
dl{display:grid;grid-template-columns:auto 1fr;gap:.25rem .75rem;font-size:.9rem}
dt{color:#5b6775}
fieldset{border:1px solid #d5dbe1;border-radius:8px;margin:1rem 0}
label{display:block;padding:.25rem 0}
.qr{text-align:center;margin:1rem 0}
.actions{display:flex;gap:.5rem;flex-wrap:wrap}
button{font:inherit;padding:.6rem 1rem;border-radius:8px;border:1px solid #0b3d5c;background:#fff;color:#0b3d5c;cursor:pointer}
button[value=approve]{background:#0b3d5c;color:#fff}
.note{font-size:.85rem;color:#5b6775}
.ok{color:#17643a}.bad{color:#a3261b}
code{word-break:break-all}
@media (prefers-color-scheme:dark){body{background:#12181f;color:#e2e8ee}main{background:#1c242d}dt,.note{color:#9aa7b4}button{background:#1c242d;color:#cfe3f2;border-color:#cfe3f2}button[value=approve]{background:#cfe3f2;color:#0b3d5c}}
`;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main><p class="banner">PayWay Playground emulator: a simulated page, no money moves.</p>${body}</main></body></html>`;
}

const e = escapeHtml;

function details(rows: readonly (readonly [string, string])[]): string {
  return `<dl>${rows
    .filter(([, v]) => v !== '')
    .map(([k, v]) => `<dt>${e(k)}</dt><dd>${e(v)}</dd>`)
    .join('')}</dl>`;
}

function actionForm(root: string, session: Session, options: readonly string[], disabled: ReadonlySet<string>, labels: { approve: string; decline?: string; cancel?: string }): string {
  const radios = options.length
    ? `<fieldset><legend>Pay with</legend>${options
        .map((o, i) => `<label><input type="radio" name="option" value="${e(o)}"${i === options.findIndex((x) => !disabled.has(x)) ? ' checked' : ''}${disabled.has(o) ? ' disabled' : ''}> ${e(OPTION_LABELS[o] ?? o)}</label>`)
        .join('')}</fieldset>`
    : '';
  const buttons = [`<button name="action" value="approve">${e(labels.approve)}</button>`];
  if (labels.decline) buttons.push(`<button name="action" value="decline">${e(labels.decline)}</button>`);
  if (labels.cancel) buttons.push(`<button name="action" value="cancel">${e(labels.cancel)}</button>`);
  return `<form method="post" action="${root}_emulator/pay/${e(session.id)}">${radios}<div class="actions">${buttons.join('')}</div></form>`;
}

const money = (minor: number, currency: Transaction['currency']) => `${formatAmount(minor, currency)} ${currency}`;

function transactionOf(core: EmulatorCore, session: Session): Transaction | undefined {
  return core.state.transactions[transactionKey(session.merchantId, session.ref)];
}

/** Options the payer may choose for a checkout: what the request asked for, or all the profile has. */
function checkoutOptions(tx: Transaction, endpointId: string): string[] {
  if (tx.paymentOptions.length) return tx.paymentOptions;
  const allowed = getEndpoint(endpointId).fields.find((f) => f.name === 'payment_option')?.allowed;
  const all = endpointId === 'subscription' && allowed ? [...allowed] : ALL_PAYMENT_OPTIONS;
  return tx.preAuth ? all.filter((o) => PRE_AUTH_OPTIONS.has(o)) : all;
}

function finished(title: string, message: string): string {
  return page(title, `<h1>${e(title)}</h1><p>${e(message)}</p>`);
}

function renderCheckout(core: EmulatorCore, session: Session, root: string): string {
  const tx = transactionOf(core, session);
  if (!tx) return finished('PayWay - Checkout', 'This transaction no longer exists (the emulator was reset).');
  const summary =
    `<h1>${e(core.merchant(tx.merchantId)?.name ?? tx.merchantId)}</h1><p class="amount">${e(money(tx.amount, tx.currency))}</p>` +
    details([
      ['Transaction', tx.tranId],
      ['Type', tx.preAuth ? 'pre-auth (hold only)' : 'purchase'],
      ['Status', tx.status],
      ['Payer', `${tx.payer.firstName} ${tx.payer.lastName}`.trim()],
      ...(tx.subscription ? ([['Subscription', `every ${tx.subscription.frequency}, token ${tx.subscription.ctid}`]] as const) : []),
    ]);
  if (tx.status !== 'PENDING') return page('PayWay - Checkout', `${summary}<p>This transaction is ${e(tx.status)}; there is nothing more to pay.</p>`);
  if (!isPending(tx, core.now())) return page('PayWay - Checkout', `${summary}<p class="bad">Transaction is expired. Please re-initiate the transaction.</p>`);
  const options = session.kind === 'qr' ? tx.paymentOptions.slice(0, 1) : checkoutOptions(tx, session.endpoint);
  const disabled = new Set(tx.closed ? options.filter((o) => SCAN_OPTIONS.has(o)) : []);
  const showsQr = tx.qrString && options.some((o) => o === 'abapay_khqr' || o === 'bakong' || o === 'abapay' || session.kind === 'qr');
  const qr = showsQr ? `<div class="qr">${qrSvg(tx.qrString!, 'KHQR code')}<p class="note">A valid KHQR string (EMV tags, CRC-16); scanning it with a real bank app will not pay.</p></div>` : '';
  const closedNote = tx.closed
    ? '<p class="note">The merchant closed this transaction. As on the sandbox it stays PENDING: scanning a QR is refused, a card can still pay.</p>'
    : '';
  const labels = session.kind === 'qr' ? { approve: 'Simulate a scan and pay', decline: 'Decline' } : { approve: tx.preAuth ? 'Authorise' : 'Pay', decline: 'Decline', cancel: 'Cancel' };
  return page('PayWay - Checkout', summary + qr + closedNote + actionForm(root, session, options, disabled, labels));
}

function renderLinking(core: EmulatorCore, session: Session, root: string): string {
  const link = session.link!;
  const account = link.kind === 'account';
  const title = account ? 'Link your ABA account' : 'Add a card';
  const head =
    `<h1>${e(title)}</h1><p>${e(core.merchant(session.merchantId)?.name ?? session.merchantId)} asks to save ${account ? 'your ABA account' : 'a card'} for later payments.</p>` +
    details([
      ['Customer (ctid)', link.ctid],
      ['Token flag', link.tokenFlag],
      ['Frequency', link.frequency ?? ''],
      ['Currency', link.currency],
    ]);
  if (session.outcome) return page(title, `${head}<p>Already answered: ${e(session.outcome.action)}.</p>`);
  const qr = account ? `<div class="qr">${qrSvg(`abamobilebank://ababank.com?type=aof&session=${session.id}`, 'Account linking QR')}</div>` : '';
  const card = account ? '' : `<p class="note">Test card 4111 1111 1111 1111, any expiry and CVV: nothing is typed here.</p>`;
  return page(title, head + qr + card + actionForm(root, session, [], new Set(), { approve: account ? 'Approve in ABA Mobile' : 'Save card', decline: 'Decline', cancel: 'Cancel' }));
}

function renderPaymentLink(core: EmulatorCore, session: Session, root: string): string {
  const link = core.state.links[session.ref];
  if (!link) return finished('Payment link', 'This payment link no longer exists (the emulator was reset).');
  const head =
    `<h1>${e(link.title)}</h1><p class="amount">${e(money(link.amount, link.currency))}</p>` +
    details([
      ['Description', link.description],
      ['Status', link.status],
      ['Paid', `${link.totalTrxn}${link.paymentLimit === null ? '' : ` of ${link.paymentLimit}`} payments`],
    ]);
  if (link.status !== 'OPEN') return page('Payment link', `${head}<p>This link is ${e(link.status)} and takes no more payments.</p>`);
  if (link.expiredDate !== null && link.expiredDate * 1000 <= core.now().getTime()) return page('Payment link', `${head}<p class="bad">This link has expired (PayWay still reports it OPEN).</p>`);
  return page('Payment link', head + actionForm(root, session, ['abapay_khqr', 'cards', 'abapay'], new Set(), { approve: 'Pay' }));
}

function renderRegistration(core: EmulatorCore, session: Session, root: string): string {
  const registration = core.state.registrations.find((r) => r.registerRef === session.ref && r.sessionId === session.id);
  if (!registration) return finished('Merchant registration', 'This registration no longer exists (the emulator was reset).');
  const head = `<h1>Register a merchant</h1>` + details([['Partner', registration.partnerId], ['Reference', registration.registerRef], ['Currency', registration.currency]]);
  if (registration.merchantId) return page('Merchant registration', `${head}<p>Registered as merchant <code>${e(registration.merchantId)}</code>.</p>`);
  return page('Merchant registration', head + actionForm(root, session, [], new Set(), { approve: 'Complete registration', cancel: 'Cancel' }));
}

/** The page for a session, as it is now. `path` is where the page is served (relative to the mount point). */
export function renderSession(core: EmulatorCore, session: Session, path: string): string {
  const root = relativeRoot(path);
  switch (session.kind) {
    case 'checkout':
    case 'qr':
      return renderCheckout(core, session, root);
    case 'link-account':
    case 'link-card':
      return renderLinking(core, session, root);
    case 'payment-link':
      return renderPaymentLink(core, session, root);
    case 'partner-register':
      return renderRegistration(core, session, root);
  }
}

type Action = 'approve' | 'decline' | 'cancel';
const isAction = (value: string | null): value is Action => value === 'approve' || value === 'decline' || value === 'cancel';

interface ActionResult {
  title: string;
  message: string;
  ok: boolean;
  /** Where the payer's browser goes next (continue_success_url, cancel_url, …). */
  next?: { url: string; label: string };
}

function actOnCheckout(core: EmulatorCore, session: Session, action: Action, option: string): ActionResult {
  const tx = transactionOf(core, session);
  if (!tx || !isPending(tx, core.now())) return { title: 'Not payable', message: 'This transaction is no longer pending (paid, declined, cancelled, expired or reset).', ok: false };
  const options = session.kind === 'qr' ? tx.paymentOptions.slice(0, 1) : checkoutOptions(tx, session.endpoint);
  if (action === 'approve') {
    if (!options.includes(option)) return { title: 'Choose a payment option', message: `"${option}" is not offered for this transaction.`, ok: false };
    if (tx.closed && SCAN_OPTIONS.has(option)) return { title: 'Refused', message: 'The merchant closed this transaction; a scan is refused (a card would still pay).', ok: false };
    payTransaction(core, tx, option);
    if (tx.subscription) {
      // Subscription: paying registers the method for the fixed recurring charges (CITR_FIX).
      const kind = option === 'cards' ? 'card' : 'account';
      const request = { ctid: tx.subscription.ctid, kind, requestId: tx.tranId, tokenFlag: 'CITR_FIX', frequency: tx.subscription.frequency, currency: tx.currency, v3: true } as const;
      linkToken(core, tx.merchantId, { ...request, ...(tx.notifyUrl ? { notifyUrl: tx.notifyUrl } : {}) }, toMajor(tx.amount, tx.currency));
    }
    const next = tx.continueSuccessUrl ? { url: tx.continueSuccessUrl, label: 'Continue to the merchant' } : undefined;
    return { title: tx.preAuth ? 'Authorised' : 'Paid', message: `${money(effectiveAmount(tx), tx.currency)} ${tx.preAuth ? 'held' : 'paid'} with ${OPTION_LABELS[option] ?? option}. Approval code ${tx.apv}.`, ok: true, ...(next ? { next } : {}) };
  }
  tx.status = action === 'decline' ? 'DECLINED' : 'CANCELLED';
  const next = action === 'cancel' && tx.cancelUrl ? { url: tx.cancelUrl, label: 'Back to the merchant' } : undefined;
  return { title: action === 'decline' ? 'Payment was declined' : 'Payment was canceled', message: `Transaction ${tx.tranId} is now ${tx.status}.`, ok: false, ...(next ? { next } : {}) };
}

async function act(core: EmulatorCore, session: Session, action: Action, option: string): Promise<ActionResult> {
  switch (session.kind) {
    case 'checkout':
    case 'qr':
      return actOnCheckout(core, session, action, option);
    case 'link-account':
    case 'link-card': {
      if (session.outcome) return { title: 'Already answered', message: `This request was already ${session.outcome.action}d.`, ok: false };
      if (session.expiresAt && instantOf(session.expiresAt) <= core.now().getTime()) return { title: 'Expired', message: 'This linking request is older than 10 minutes; start a new one.', ok: false };
      session.outcome = { action, at: core.now().toISOString() };
      if (action !== 'approve') return { title: 'Not linked', message: 'Nothing was saved.', ok: false };
      const token = linkToken(core, session.merchantId, session.link!);
      const next = session.link!.continueUrl ? { url: session.link!.continueUrl, label: 'Continue to the merchant' } : undefined;
      return { title: 'Linked', message: `Token ${token.pwt} saved for ${token.ctid} (${token.sourceOfFund}).`, ok: true, ...(next ? { next } : {}) };
    }
    case 'payment-link': {
      const link = core.state.links[session.ref];
      if (!link || link.status !== 'OPEN' || (link.expiredDate !== null && link.expiredDate * 1000 <= core.now().getTime())) {
        return { title: 'Not payable', message: 'This payment link takes no more payments.', ok: false };
      }
      if (action !== 'approve') return { title: 'Not paid', message: 'Nothing was paid.', ok: false };
      const tx = payLink(core, link, ['abapay_khqr', 'cards', 'abapay'].includes(option) ? option : 'abapay_khqr');
      return { title: 'Paid', message: `${money(tx.amount, tx.currency)} paid; transaction ${tx.tranId}. The link is ${link.status}.`, ok: true };
    }
    case 'partner-register':
      return completeRegistration(core, session, action);
  }
}

async function completeRegistration(core: EmulatorCore, session: Session, action: Action): Promise<ActionResult> {
  const registration = core.state.registrations.find((r) => r.sessionId === session.id);
  if (!registration || registration.merchantId) return { title: 'Already answered', message: 'This registration is finished.', ok: false };
  if (action !== 'approve') return { title: 'Not registered', message: 'The merchant did not finish registering.', ok: false };
  const keys = await core.generateKeyPair();
  // Re-read after the await: a second click may have finished it meanwhile.
  if (registration.merchantId) return { title: 'Already answered', message: 'This registration is finished.', ok: false };
  const merchantId = 'ec' + core.ids.digits(6);
  core.state.merchants.push({ merchantId, name: `Registered ${registration.registerRef}`, apiKey: core.ids.hex(20), rsaPublicKeyPem: keys.publicKeyPem, rsaPrivateKeyPem: keys.privateKeyPem, currency: registration.currency });
  registration.merchantId = merchantId;
  core.deliver({ merchantId, event: 'partner-registration', ref: registration.registerRef, url: registration.pushbackUrl, signed: false, body: { register_ref: registration.registerRef, merchant_id: merchantId, status: '00' } });
  const next = /^https?:\/\//.test(registration.redirectUrl) ? { url: registration.redirectUrl, label: 'Back to the partner' } : undefined;
  return { title: 'Registered', message: `Merchant ${merchantId} now exists in the emulator; fetch its credentials with "Inquiry merchant info".`, ok: true, ...(next ? { next } : {}) };
}

const PUSHBACK_WAIT_MS = 8000;

function deliveryRows(deliveries: readonly Delivery[]): string {
  if (!deliveries.length) return '<p class="note">No pushback: the request gave no URL to send one to.</p>';
  return `<h2>Pushbacks</h2><ul>${deliveries
    .map((d) => {
      const last = d.attempts.at(-1);
      const result = !last ? 'still sending…' : last.status ? `answered HTTP ${last.status}` : last.notSent ? (last.error ?? 'not sent') : `failed: ${last.error}`;
      return `<li class="${last?.ok ? 'ok' : 'bad'}">POST <code>${e(d.url)}</code>: ${e(result)}</li>`;
    })
    .join('')}</ul>`;
}

/** Applies the payer's choice, waits a little for the pushbacks it caused, and renders the result. */
export async function actOnSession(core: EmulatorCore, session: Session, form: URLSearchParams, path: string): Promise<{ html: string; changed: boolean }> {
  const action = form.get('action');
  if (!isAction(action)) return { html: renderSession(core, session, path), changed: false };
  const before = new Set(core.state.deliveries);
  const result = await act(core, session, action, form.get('option') ?? '');
  const caused = core.state.deliveries.filter((d) => !before.has(d));
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([core.idle(), new Promise((done) => (timer = setTimeout(done, PUSHBACK_WAIT_MS)))]);
  clearTimeout(timer);
  const next = result.next ? `<p><a href="${e(result.next.url)}">${e(result.next.label)}</a></p>` : '';
  const again = `<p class="note"><a href="${relativeRoot(path)}_emulator/pay/${e(session.id)}">Back to the page</a></p>`;
  return { html: page(result.title, `<h1 class="${result.ok ? 'ok' : 'bad'}">${e(result.title)}</h1><p>${e(result.message)}</p>${next}${deliveryRows(caused)}${again}`), changed: true };
}
