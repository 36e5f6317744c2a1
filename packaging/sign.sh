#!/usr/bin/env bash
# Sign one Windows executable in place with osslsigncode (Authenticode, SHA-256). build-windows.sh
# calls it for toegang.exe and toegang-admin.exe, and makensis for the uninstaller and setup.exe
# (!uninstfinalize / !finalize), but only when signing is configured; otherwise it does nothing.
#
#   With a certificate file:   TOEGANG_SIGN_PKCS12=cert.pfx  TOEGANG_SIGN_PASSFILE=password.txt
#   With a token or HSM:       TOEGANG_SIGN_PKCS11_MODULE=/path/to/pkcs11.so
#                              TOEGANG_SIGN_KEY='pkcs11:...'  TOEGANG_SIGN_CERT=chain.pem
#   Recommended:               TOEGANG_SIGN_TIMESTAMP=<RFC 3161 timestamp URL of your CA>
#                              (without a timestamp the signature stops being valid when the
#                              certificate expires)
# See packaging/README.md, "Ondertekenen".
set -euo pipefail
f="${1:?usage: sign.sh FILE.exe}"

if [ -z "${TOEGANG_SIGN_PKCS12:-}" ] && [ -z "${TOEGANG_SIGN_PKCS11_MODULE:-}" ]; then
  exit 0  # signing not configured
fi
command -v osslsigncode >/dev/null || { echo "sign.sh: osslsigncode ontbreekt (apt-get install osslsigncode)" >&2; exit 1; }

args=(sign -h sha256 -n "Toegang")
if [ -n "${TOEGANG_SIGN_PKCS12:-}" ]; then
  args+=(-pkcs12 "$TOEGANG_SIGN_PKCS12")
  [ -z "${TOEGANG_SIGN_PASSFILE:-}" ] || args+=(-readpass "$TOEGANG_SIGN_PASSFILE")
else
  args+=(-pkcs11module "$TOEGANG_SIGN_PKCS11_MODULE" -key "${TOEGANG_SIGN_KEY:?}" -certs "${TOEGANG_SIGN_CERT:?}")
fi
[ -z "${TOEGANG_SIGN_TIMESTAMP:-}" ] || args+=(-ts "$TOEGANG_SIGN_TIMESTAMP")

rm -f "$f.signed"
osslsigncode "${args[@]}" -in "$f" -out "$f.signed" >/dev/null
mv -f "$f.signed" "$f"
echo "   ondertekend: $(basename "$f")"
