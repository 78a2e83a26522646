// Standard Webhooks signing: base64, the whsec_ secret format, the signature itself (checked
// against the convention's published example and against the independent test verifier).
#include <gtest/gtest.h>

#include "daemon/alerts/webhook_signature.h"
#include "tests/daemon/alerts_fixture.h"

namespace mw::alerts {
namespace {

TEST(AlertsSignature, Base64RoundTripsEveryLength) {
  const std::string bytes = std::string("\x00\xff\x10 missionwatch\x80", 17);
  for (std::size_t n = 0; n <= bytes.size(); ++n) {
    std::string part = bytes.substr(0, n);
    std::string encoded = base64_encode(part);
    EXPECT_EQ(encoded.size() % 4, 0u) << n;
    auto decoded = base64_decode(encoded);
    ASSERT_TRUE(decoded) << n;
    EXPECT_EQ(*decoded, part) << n;
  }
  EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(base64_encode("fo"), "Zm8=");
  EXPECT_EQ(base64_decode("Zm8"), "fo");  // padding optional
}

TEST(AlertsSignature, Base64RejectsInvalidInput) {
  EXPECT_FALSE(base64_decode("Zm9v YmFy"));
  EXPECT_FALSE(base64_decode("Zm9v*mFy"));
  EXPECT_FALSE(base64_decode("Z"));
}

TEST(AlertsSignature, MatchesTheStandardWebhooksExample) {
  // The example of the Standard Webhooks specification (also the reference libraries' test).
  auto key = webhook_key_from_secret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
  ASSERT_TRUE(key) << key.error().message;
  EXPECT_EQ(
      sign_webhook(*key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, R"({"test": 2432232314})"),
      "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
}

TEST(AlertsSignature, SecretPrefixIsOptionalAndBadSecretsAreRefusedWithoutQuotingThem) {
  auto with = webhook_key_from_secret(testing::kTestSecret);
  auto without = webhook_key_from_secret(std::string(testing::kTestSecret).substr(6));
  ASSERT_TRUE(with && without);
  EXPECT_EQ(*with, *without);
  EXPECT_EQ(*with, "missionwatch-test-key-01");

  auto bad = webhook_key_from_secret("whsec_not*base64*secret-value");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message.find("not*base64"), std::string::npos) << bad.error().message;
  auto short_key = webhook_key_from_secret("whsec_c2hvcnQ=");
  ASSERT_FALSE(short_key);
  EXPECT_NE(short_key.error().message.find("5 bytes"), std::string::npos);
}

TEST(AlertsSignature, AnIndependentVerifierAcceptsOurSignatureAndRejectsTampering) {
  auto key = webhook_key_from_secret(testing::kTestSecret);
  ASSERT_TRUE(key);
  const std::string body = R"({"type":"missionwatch.alert.created","version":1})";
  const std::string sig = sign_webhook(*key, "msg_0123", 1700000000, body);
  EXPECT_TRUE(testing::verify_standard_webhook(testing::kTestSecret, "msg_0123", "1700000000", body,
                                               sig, false));
  EXPECT_FALSE(testing::verify_standard_webhook(testing::kTestSecret, "msg_0124", "1700000000",
                                                body, sig, false));
  EXPECT_FALSE(testing::verify_standard_webhook(testing::kTestSecret, "msg_0123", "1700000001",
                                                body, sig, false));
  EXPECT_FALSE(testing::verify_standard_webhook(testing::kTestSecret, "msg_0123", "1700000000",
                                                body + " ", sig, false));
}

}  // namespace
}  // namespace mw::alerts
