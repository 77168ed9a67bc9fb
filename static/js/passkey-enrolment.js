// Enrolment (templates/admin/two_factor_setup.html): once django-otp-webauthn's script has
// saved the new passkey, the page goes on to the recovery codes, which are made and shown
// in that response only.
document.addEventListener("otp_webauthn.register_complete", () => {
  document.getElementById("passkey-done-form").submit();
});
