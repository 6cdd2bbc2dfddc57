<?php
// A PayWay integration written the way the docs' PHP samples build requests: values concatenated with
// ".", hash_hmac('sha512', ..., true) then base64_encode, merchant_auth as json_encode + openssl_public_encrypt
// in 117-byte chunks + one base64_encode, sent with curl (JSON with a Content-Type header, multipart with
// an array of fields). Reads one job as JSON on stdin; prints {status, diagnosis, body} as JSON.
// `mistake` makes it send one of the mistakes integrations make, on purpose.
error_reporting(E_ALL);
$job = json_decode(stream_get_contents(STDIN), true);
$api_key = $job['apiKey'];
$merchant_id = $job['merchantId'];
$base = rtrim($job['baseUrl'], '/');
$p = $job['params'] ?? [];
$mistake = $job['mistake'] ?? '';

function sign_b64($b4hash, $key) { return base64_encode(hash_hmac('sha512', $b4hash, $key, true)); }

function rsa_encrypt($plaintext, $pem) {
    $public = openssl_pkey_get_public($pem);
    $output = '';
    while ($plaintext) {
        $chunk = substr($plaintext, 0, 117);
        $plaintext = substr($plaintext, 117);
        openssl_public_encrypt($chunk, $encrypted, $public);
        $output .= $encrypted;
    }
    return base64_encode($output);
}

function post($url, $fields, $json) {
    $diagnosis = null;
    $curl = curl_init($url);
    curl_setopt_array($curl, [
        CURLOPT_RETURNTRANSFER => true,
        CURLOPT_POST => true,
        // An array makes curl send multipart/form-data; a string with the header is a JSON body.
        CURLOPT_POSTFIELDS => $json ? json_encode($fields) : $fields,
        CURLOPT_HTTPHEADER => $json ? ['Content-Type: application/json'] : [],
        CURLOPT_HEADERFUNCTION => function ($c, $line) use (&$diagnosis) {
            if (stripos($line, 'x-payway-emulator-diagnosis:') === 0) $diagnosis = trim(substr($line, strlen('x-payway-emulator-diagnosis:')));
            return strlen($line);
        },
    ]);
    $body = curl_exec($curl);
    $status = curl_getinfo($curl, CURLINFO_RESPONSE_CODE);
    curl_close($curl);
    return ['status' => $status, 'diagnosis' => $diagnosis, 'body' => $body];
}

$req_time = $p['req_time'] ?? gmdate('YmdHis');
$key = $mistake === 'wrong-key' ? $job['otherKey'] : $api_key;
$path = '/api/payment-gateway/v1/payments/';

switch ($job['action']) {
    case 'purchase': // multipart, as the checkout form posts it
        $tran_id = $p['tran_id'];
        $amount = $p['amount'];
        $items = base64_encode(json_encode([['name' => 'Kampot pepper', 'quantity' => 1, 'price' => (float) $amount]]));
        $currency = 'USD';
        $return_url = base64_encode($p['return_url']);
        $b4hash = $req_time . $merchant_id . $tran_id . $amount . $items . $return_url . $currency;
        $fields = compact('req_time', 'merchant_id', 'tran_id', 'amount', 'items', 'return_url', 'currency');
        $fields['hash'] = sign_b64($b4hash, $key);
        $answer = post($base . $path . 'purchase', $fields, false);
        break;
    case 'check': // check-transaction-2, JSON; or the legacy path without -2
    case 'check-v1':
        $tran_id = $p['tran_id'];
        $b4hash = $req_time . $merchant_id . $tran_id;
        if ($mistake === 'order') $b4hash = $merchant_id . $req_time . $tran_id;
        if ($mistake === 'prose-recipe') $b4hash = $merchant_id . $tran_id;
        $fields = ['req_time' => $req_time, 'merchant_id' => $merchant_id, 'tran_id' => $tran_id];
        if ($mistake === 'renamed') $fields = ['request_time' => $req_time, 'merchant_id' => $merchant_id, 'tran_id' => $tran_id];
        $fields['hash'] = $mistake === 'hex' ? hash_hmac('sha512', $b4hash, $key) : sign_b64($b4hash, $key);
        $answer = post($base . $path . ($job['action'] === 'check' ? 'check-transaction-2' : 'check-transaction'), $fields, $job['action'] === 'check');
        break;
    case 'refund':
        $request_time = $req_time;
        $merchant_auth = rsa_encrypt(json_encode(['mc_id' => $merchant_id, 'tran_id' => $p['tran_id'], 'refund_amount' => $p['refund_amount']]), $job['rsaPublicKey']);
        $b4hash = $request_time . $merchant_id . $merchant_auth;
        $answer = post($base . '/api/merchant-portal/merchant-access/online-transaction/refund', [
            'request_time' => $request_time, 'merchant_id' => $merchant_id, 'merchant_auth' => $merchant_auth, 'hash' => sign_b64($b4hash, $key),
        ], true);
        break;
    case 'list': // transaction-list-2, JSON; or the legacy path, multipart
    case 'list-v1':
        $status = $p['status'] ?? '';
        $b4hash = $req_time . $merchant_id . $status; // from/to dates and amounts left out, page and pagination too
        $answer = post($base . $path . ($job['action'] === 'list' ? 'transaction-list-2' : 'transaction-list'), [
            'req_time' => $req_time, 'merchant_id' => $merchant_id, 'status' => $status, 'hash' => sign_b64($b4hash, $key),
        ], $job['action'] === 'list');
        break;
    default:
        fwrite(STDERR, "unknown action\n");
        exit(2);
}
echo json_encode($answer);
