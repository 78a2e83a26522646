// E-mail delivery to a real SMTP receiver: Debian's python3-aiosmtpd, started by the test on
// 127.0.0.1 (plain, with AUTH, or with STARTTLS and a certificate made by `openssl` for the
// test), stopped by it (and by itself when the test process goes away).
#include <gtest/gtest.h>

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "daemon/alerts/alert_outbox.h"
#include "daemon/alerts/email_channel.h"
#include "tests/daemon/alerts_fixture.h"
#include "tests/support/run_process.h"

extern char** environ;

namespace mw::alerts {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;
using store::DeliveryStatus;
using testing::add_alert;

constexpr char kPython[] = "/usr/bin/python3";

constexpr char kServer[] = R"PY(
import json, os, socket, ssl, sys, time
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

outdir, mode = sys.argv[1], sys.argv[2]

class Handler:
    def __init__(self):
        self.n = 0
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.endswith('@reject.example'):
            return '550 5.1.1 no such mailbox'
        envelope.rcpt_tos.append(address)
        return '250 OK'
    async def handle_DATA(self, server, session, envelope):
        self.n += 1
        path = os.path.join(outdir, 'msg-%03d' % self.n)
        meta = {'from': envelope.mail_from, 'to': envelope.rcpt_tos,
                'tls': getattr(session, 'ssl', None) is not None,
                'auth': bool(getattr(session, 'authenticated', False))}
        with open(path + '.tmp', 'wb') as f:
            f.write(json.dumps(meta).encode() + b'\n' + envelope.original_content)
        os.rename(path + '.tmp', path + '.eml')
        return '250 Message accepted'

def authenticator(server, session, envelope, mechanism, auth_data):
    ok = (isinstance(auth_data, LoginPassword) and auth_data.login == b'mw'
          and auth_data.password == b's3cret')
    return AuthResult(success=ok)

s = socket.socket()
s.bind(('127.0.0.1', 0))
port = s.getsockname()[1]
s.close()
kwargs = {}
if mode == 'auth':
    kwargs.update(authenticator=authenticator, auth_require_tls=False, auth_required=True)
if mode == 'tls':
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(os.path.join(outdir, 'cert.pem'), os.path.join(outdir, 'key.pem'))
    kwargs.update(tls_context=ctx, require_starttls=True)
controller = Controller(Handler(), hostname='127.0.0.1', port=port, **kwargs)
controller.start()
with open(os.path.join(outdir, 'port.tmp'), 'w') as f:
    f.write(str(port))
os.rename(os.path.join(outdir, 'port.tmp'), os.path.join(outdir, 'port'))
parent = os.getppid()
deadline = time.time() + 120
while time.time() < deadline and os.getppid() == parent:
    time.sleep(0.1)
controller.stop()
)PY";

class SmtpReceiver {
 public:
  SmtpReceiver(const fs::path& dir, const std::string& mode) : dir_(dir) {
    fs::create_directories(dir_);
    std::ofstream(dir_ / "server.py") << kServer;
    std::vector<std::string> argv = {kPython, (dir_ / "server.py").string(), dir_.string(), mode};
    std::vector<char*> args;
    for (auto& a : argv) args.push_back(a.data());
    args.push_back(nullptr);
    if (posix_spawn(&pid_, kPython, nullptr, nullptr, args.data(), environ) != 0) pid_ = -1;
    for (int i = 0; i < 200 && pid_ > 0; ++i) {
      if (fs::exists(dir_ / "port")) {
        port_ = std::stoi(mw::testing::slurp(dir_ / "port"));
        break;
      }
      std::this_thread::sleep_for(50ms);
    }
  }
  ~SmtpReceiver() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      int status = 0;
      ::waitpid(pid_, &status, 0);
    }
  }
  bool ready() const { return port_ > 0; }
  std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }
  // Each message received: first line the envelope as JSON, then the message as sent.
  std::vector<std::string> messages() const {
    std::vector<std::string> out;
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(dir_)) {
      if (e.path().extension() == ".eml") files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    for (const auto& f : files) out.push_back(mw::testing::slurp(f));
    return out;
  }

 private:
  fs::path dir_;
  pid_t pid_ = -1;
  int port_ = 0;
};

bool python_has_aiosmtpd() {
  static const bool has =
      mw::testing::run_process({kPython, "-c", "import aiosmtpd"}).exit_code == 0;
  return has;
}

class AlertsEmail : public store::testing::StoreTest {
 protected:
  void SetUp() override {
    if (!python_has_aiosmtpd()) {
      GTEST_SKIP() << "python3-aiosmtpd is absent (scripts/install-deps installs it)";
    }
    StoreTest::SetUp();
  }
  EmailChannel channel(const SmtpReceiver& smtp) {
    EmailChannel c;
    c.name = "desk";
    c.smtp_server = smtp.url();
    c.starttls = false;
    c.from = "missionwatch@example.org";
    c.to = {"desk@example.org", "analyst@example.org"};
    c.rules.timeout = 5s;
    return c;
  }
  AlertOutbox outbox(EmailChannel c, std::string ca_file = "") {
    std::vector<std::unique_ptr<AlertChannel>> channels;
    channels.push_back(
        std::make_unique<EmailSender>(EmailOptions{std::move(c), std::move(ca_file)}));
    return AlertOutbox(std::move(channels), {}, [] { return 0.5; });
  }
  store::DeliveryRecord delivery(std::int64_t id) {
    auto d = store::get_delivery(store(), id);
    EXPECT_TRUE(d && *d);
    return d && *d ? **d : store::DeliveryRecord{};
  }
  SystemClock clock_;
};

TEST_F(AlertsEmail, OneMessagePerAlertWithScannableSubjectAndStableMessageId) {
  SmtpReceiver smtp(dir_.path() / "smtp", "plain");
  ASSERT_TRUE(smtp.ready());
  auto box = outbox(channel(smtp));
  auto a = add_alert(store(), {"desk"}, clock_.now(), "ES", "Madrid");
  auto b = add_alert(store(), {"desk"}, clock_.now(), "AO", "Luanda");
  auto run = box.run_due(store(), clock_);
  ASSERT_TRUE(run) << run.error().describe();
  EXPECT_EQ(run->delivered, 2);
  auto messages = smtp.messages();
  ASSERT_EQ(messages.size(), 2u);
  auto envelope = nlohmann::json::parse(messages[0].substr(0, messages[0].find('\n')));
  EXPECT_EQ(envelope["from"], "missionwatch@example.org");
  EXPECT_EQ(envelope["to"], (nlohmann::json{"desk@example.org", "analyst@example.org"}));
  EXPECT_NE(messages[0].find("Subject: [missionwatch] North Korea closes its embassy in Madrid, "
                             "Spain (reported)"),
            std::string::npos)
      << messages[0];
  EXPECT_NE(messages[0].find("Message-ID: <" + a.deliveries[0].idempotency_key + "@example.org>"),
            std::string::npos);
  EXPECT_NE(messages[0].find("North Korea has closed its embassy in Madrid"), std::string::npos);
  EXPECT_NE(messages[1].find("Luanda, Angola"), std::string::npos);
  EXPECT_NE(messages[1].find(b.deliveries[0].idempotency_key), std::string::npos);
  EXPECT_EQ(delivery(a.deliveries[0].id).status, DeliveryStatus::kDelivered);
}

TEST_F(AlertsEmail, AuthenticatesWithThePasswordFromTheSecretFileAndNeverQuotesIt) {
  SmtpReceiver smtp(dir_.path() / "smtp", "auth");
  ASSERT_TRUE(smtp.ready());
  EmailChannel c = channel(smtp);
  c.username = "mw";
  c.secret.file = dir_.file("smtp-password");
  std::ofstream(c.secret.file) << "wr0ngpassword\n";
  auto box = outbox(c);
  auto alert = add_alert(store(), {"desk"}, clock_.now());
  ASSERT_TRUE(box.run_due(store(), clock_));
  store::DeliveryRecord d = delivery(alert.deliveries[0].id);
  EXPECT_EQ(d.status, DeliveryStatus::kPending);  // a wrong password is fixable: retry
  EXPECT_EQ(d.last_error.value_or("").find("wr0ngpassword"), std::string::npos);
  EXPECT_TRUE(smtp.messages().empty());

  std::ofstream(c.secret.file) << "s3cret\n";
  auto fixed = outbox(c);
  auto second = add_alert(store(), {"desk"}, clock_.now());
  ASSERT_TRUE(fixed.run_due(store(), clock_));
  EXPECT_EQ(delivery(second.deliveries[0].id).status, DeliveryStatus::kDelivered);
  auto messages = smtp.messages();
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_NE(messages[0].find("\"auth\": true"), std::string::npos) << messages[0];
}

TEST_F(AlertsEmail, ARejectedRecipientIsAPermanentFailure) {
  SmtpReceiver smtp(dir_.path() / "smtp", "plain");
  ASSERT_TRUE(smtp.ready());
  EmailChannel c = channel(smtp);
  c.to = {"nobody@reject.example"};
  auto box = outbox(c);
  auto alert = add_alert(store(), {"desk"}, clock_.now());
  ASSERT_TRUE(box.run_due(store(), clock_));
  store::DeliveryRecord d = delivery(alert.deliveries[0].id);
  EXPECT_EQ(d.status, DeliveryStatus::kFailed);
  EXPECT_NE(d.last_error.value_or("").find("550"), std::string::npos) << d.last_error.value_or("");
}

TEST_F(AlertsEmail, StarttlsIsRequiredUnlessTurnedOff) {
  SmtpReceiver smtp(dir_.path() / "smtp", "plain");  // offers no STARTTLS
  ASSERT_TRUE(smtp.ready());
  EmailChannel c = channel(smtp);
  c.starttls = true;
  auto box = outbox(c);
  auto alert = add_alert(store(), {"desk"}, clock_.now());
  ASSERT_TRUE(box.run_due(store(), clock_));
  EXPECT_EQ(delivery(alert.deliveries[0].id).status, DeliveryStatus::kPending);
  EXPECT_TRUE(smtp.messages().empty());  // nothing went out in clear text
}

TEST_F(AlertsEmail, StarttlsWithTheConfiguredCaFileDelivers) {
  const fs::path dir = dir_.path() / "smtp";
  fs::create_directories(dir);
  auto made = mw::testing::run_process(
      {"/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
       "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout",
       (dir / "key.pem").string(), "-out", (dir / "cert.pem").string()});
  if (made.exit_code != 0)
    GTEST_SKIP() << "openssl could not make a test certificate: " << made.err;
  SmtpReceiver smtp(dir, "tls");
  ASSERT_TRUE(smtp.ready());
  EmailChannel c = channel(smtp);
  c.starttls = true;
  auto box = outbox(c, (dir / "cert.pem").string());
  auto alert = add_alert(store(), {"desk"}, clock_.now());
  ASSERT_TRUE(box.run_due(store(), clock_));
  store::DeliveryRecord d = delivery(alert.deliveries[0].id);
  EXPECT_EQ(d.status, DeliveryStatus::kDelivered) << d.last_error.value_or("");
  auto messages = smtp.messages();
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_NE(messages[0].find("\"tls\": true"), std::string::npos) << messages[0].substr(0, 200);
}

TEST_F(AlertsEmail, AnUnreachableServerIsRetried) {
  EmailChannel c;
  c.name = "desk";
  c.smtp_server = "smtp://127.0.0.1:1";
  c.starttls = false;
  c.from = "missionwatch@example.org";
  c.to = {"desk@example.org"};
  c.rules.timeout = 2s;
  auto box = outbox(c);
  auto alert = add_alert(store(), {"desk"}, clock_.now());
  ASSERT_TRUE(box.run_due(store(), clock_));
  store::DeliveryRecord d = delivery(alert.deliveries[0].id);
  EXPECT_EQ(d.status, DeliveryStatus::kPending);
  EXPECT_NE(d.last_error.value_or("").find("email desk (smtp://127.0.0.1:1)"), std::string::npos)
      << d.last_error.value_or("");
}

}  // namespace
}  // namespace mw::alerts
