<?php
// Recomputes our golden vectors the way PayWay's PHP samples do: string concatenation with ".",
// hash_hmac(..., true) + base64_encode (or hex), openssl_private_decrypt / openssl_public_encrypt in
// 117-byte chunks. Reads a JSON job on stdin, prints a JSON report.
error_reporting(E_ALL & ~E_WARNING);
$job = json_decode(stream_get_contents(STDIN), true);
$private = openssl_pkey_get_private($job['privateKeyPem']);
$public = openssl_pkey_get_public($job['publicKeyPem']);
$report = ['vectors' => [], 'encrypted' => []];

foreach ($job['vectors'] as $v) {
    $errors = [];
    $wire = $v['wire'];
    $b4hash = '';
    foreach ($v['recipe'] as $part) {
        if (is_array($part)) {
            // The transaction-list sample's stray "+": PHP arithmetic, exactly as the sample runs it.
            [$a, $b] = $part['phpSum'];
            $b4hash .= ($wire[$a] ?? '') + ($wire[$b] ?? '');
        } else {
            $b4hash .= $wire[$part] ?? '';
        }
    }
    if ($b4hash !== $v['stringToSign']) $errors[] = 'string-to-sign differs: ' . $b4hash;
    $algo = $v['algorithm'] === 'HMAC-SHA256' ? 'sha256' : 'sha512';
    $hash = $v['output'] === 'hex'
        ? hash_hmac($algo, $b4hash, $v['key'])
        : base64_encode(hash_hmac($algo, $b4hash, $v['key'], true));
    if ($hash !== $v['hash']) $errors[] = 'hash differs: ' . $hash;
    foreach ($v['base64JsonFields'] as $field) {
        if (json_decode(base64_decode($wire[$field], true), true) != json_decode($v['inputs'][$field], true)) {
            $errors[] = "$field: base64_decode + json_decode differs from the input JSON";
        }
    }
    if (isset($v['rsaField'])) {
        $cipher = base64_decode($wire[$v['rsaField']], true);
        $plain = '';
        foreach (str_split($cipher, 128) as $block) {
            if (!openssl_private_decrypt($block, $chunk, $private, OPENSSL_PKCS1_PADDING)) {
                $errors[] = 'openssl_private_decrypt failed: ' . openssl_error_string();
                break;
            }
            $plain .= $chunk;
        }
        if ($plain !== $v['rsaPlaintext']) $errors[] = 'decrypted plaintext differs: ' . $plain;
    }
    $report['vectors'][] = ['file' => $v['file'], 'errors' => $errors];
}

// PayWay's sample encryption, for our decrypter to read back.
foreach ($job['plaintexts'] as $plaintext) {
    $out = '';
    while ($plaintext) {
        $input = substr($plaintext, 0, 117);
        $plaintext = substr($plaintext, 117);
        openssl_public_encrypt($input, $encrypted, $public);
        $out .= $encrypted;
    }
    $report['encrypted'][] = base64_encode($out);
}
echo json_encode($report);
