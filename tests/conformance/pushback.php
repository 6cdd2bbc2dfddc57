<?php
// The pushback verification of PayWay's checkout guide, run on each body: json_decode(assoc), ksort,
// concatenate (json_encode for arrays), HMAC-SHA512, Base64. Prints [{stringToSign, hash}] as JSON.
$job = json_decode(stream_get_contents(STDIN), true);
$out = [];
foreach ($job['bodies'] as $raw) {
    $body = json_decode($raw, true);
    ksort($body);
    $b4hash = '';
    foreach ($body as $value) {
        $b4hash .= is_array($value) ? json_encode($value) : $value;
    }
    $out[] = ['stringToSign' => $b4hash, 'hash' => base64_encode(hash_hmac('sha512', $b4hash, $job['key'], true))];
}
echo json_encode($out);
