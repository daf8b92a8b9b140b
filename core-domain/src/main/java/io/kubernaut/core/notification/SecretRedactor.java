package io.kubernaut.core.notification;

import io.kubernaut.ports.in.RedactSecrets;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Replaces secrets in free text by {@value #MASK}. The rules run in order, the most specific
 * shapes first (PEM blocks, credentials in URLs, signed-URL parameters, bearer headers, token
 * formats, Docker registry auth, Kubernetes env entries), then generic assignments whose name says
 * it holds a secret: {@code name=value}, {@code "name": "value"} (also JSON-escaped and
 * percent-encoded), whole YAML values (block scalars included) and command-line flags. Rules err on the side of redacting:
 * a false positive costs a word, a false negative a leak.
 */
public final class SecretRedactor implements RedactSecrets {

  public static final String MASK = "[REDACTED]";

  private record Rule(Pattern pattern, String replacement) {
    String apply(String text) {
      return pattern.matcher(text).replaceAll(replacement);
    }
  }

  /**
   * Names that say a value is secret. Each must end the name (a {@code \b} follows), so
   * {@code password_policy}, {@code tokenizer} and {@code secretName} are not secrets.
   */
  private static final String SECRET_NAMES =
      "password|passwd|pwd|passphrase|(?<![a-z])pass|secret|token|api[_-]?key|apikey|access[_-]?key"
          + "|private[_-]?key|credentials?|auth[_-]?token|session[_-]?id|cookie|routing[_-]?key"
          + "|integration[_-]?key|service[_-]?key|account[_-]?key|shared[_-]?access[_-]?key"
          + "|sharedaccesssignature|signing[_-]?key|encryption[_-]?key|master[_-]?key|secret[_-]?key"
          + "|(?<![\\w.-])_auth|\\.dockerconfigjson|\\.dockercfg";

  /** A secret name at the end of a name made of word characters, dots and dashes. */
  private static final String SECRET_NAME = "[\\w.-]*?(?:" + SECRET_NAMES + ")";

  /** Query parameters of signed URLs (AWS SigV4 and SigV2, GCS, Azure SAS, CloudFront). */
  private static final String SIGNED_URL_PARAMS = "x-amz-signature|x-amz-credential|x-amz-security-token"
      + "|x-goog-signature|x-goog-credential|googleaccessid|sig|signature|awsaccesskeyid";

  private static final List<Rule> RULES = List.of(
      // PEM private keys, also when the END line was cut off.
      rule("-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\\s\\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|\\z)", MASK),
      // Credentials in URLs: scheme://user:pass@host and scheme://token@host.
      rule("(?i)\\b([a-z][a-z0-9+.-]*://)(?:[^/\\s:@\"'<>]+(?::[^/\\s@\"'<>]*)?|:[^/\\s@\"'<>]+)@", "$1" + MASK + "@"),
      // Slack webhook paths are the credential.
      rule("(?i)(hooks\\.slack\\.com/(?:services|workflows|triggers)/)[A-Za-z0-9/_-]+", "$1" + MASK),
      // Signed URL parameters: the signature and the credential are the secret.
      rule("(?i)([?&;](?:" + SIGNED_URL_PARAMS + ")=)(?!\\[REDACTED\\])[^&\\s\"'<>#]+", "$1" + MASK),
      // Authorization headers and bearer/basic credentials.
      rule("(?i)\\b(authorization\\s*[:=]\\s*)(?:\"[^\"]*\"|'[^']*'|(?:bearer|basic|token|digest)\\s+\\S+|\\S+)", "$1" + MASK),
      rule("(?i)\\b(bearer|basic)\\s+[A-Za-z0-9._~+/=-]{8,}", "$1 " + MASK),
      // JSON Web Tokens.
      rule("\\beyJ[A-Za-z0-9_-]{5,}\\.eyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]*", MASK),
      // Token formats: Slack, GitHub, GitLab, OpenAI-style, Google, Stripe, Vault, npm, Hugging Face, SendGrid.
      rule("\\bxox[abposr]-[A-Za-z0-9-]{10,}", MASK),
      rule("\\bxapp-[A-Za-z0-9-]{10,}", MASK),
      rule("\\bgh[pousr]_[A-Za-z0-9]{30,}", MASK),
      rule("\\bgithub_pat_[A-Za-z0-9_]{40,}", MASK),
      rule("\\bglpat-[A-Za-z0-9_-]{20,}", MASK),
      rule("\\bsk-(?:proj-|live-|test-|ant-)?[A-Za-z0-9_-]{20,}", MASK),
      rule("\\bAIza[0-9A-Za-z_-]{35}", MASK),
      rule("\\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}", MASK),
      rule("\\bwhsec_[A-Za-z0-9]{16,}", MASK),
      rule("\\bhv[sbr]\\.[A-Za-z0-9_-]{24,}", MASK),
      rule("\\bs\\.[A-Za-z0-9]{24}\\b", MASK),
      rule("\\bnpm_[A-Za-z0-9]{36}\\b", MASK),
      rule("\\bhf_[A-Za-z0-9]{30,}", MASK),
      rule("\\bSG\\.[A-Za-z0-9_-]{16,}\\.[A-Za-z0-9_-]{16,}", MASK),
      // AWS access key ids, and secret keys assigned to an AWS-looking name.
      rule("\\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\\b", MASK),
      rule("(?i)(aws[_-]?secret[_-]?(?:access[_-]?)?key[\"']?\\s*[:=]\\s*[\"']?)[A-Za-z0-9/+=]{40}", "$1" + MASK),
      // A Docker config, base64-encoded ({"auths": ...) or its "auth" entries in the clear.
      rule("\\beyJhdXRocyI6[A-Za-z0-9+/=]*", MASK),
      rule("(?i)(\\\\?[\"']auth\\\\?[\"']\\s*:\\s*)(\\\\?[\"'])(?!\\[REDACTED\\])(?:[^\"'\\\\]|\\\\(?![\"']))*\\2",
          "$1$2" + MASK + "$2"),
      // Kubernetes env entries: {"name": "DB_PASSWORD", "value": "..."} and the YAML form.
      rule("(?i)(\\\\?\"name\\\\?\"\\s*:\\s*\\\\?\"" + SECRET_NAME + "\\\\?\"\\s*,\\s*\\\\?\"value\\\\?\"\\s*:\\s*)"
          + "(\\\\?\")(?:[^\"\\\\]|\\\\(?!\"))*\\2", "$1$2" + MASK + "$2"),
      rule("(?im)(\\bname\\s*:\\s*[\"']?" + SECRET_NAME + "[\"']?[ \\t]*\\r?\\n[ \\t]*value\\s*:[ \\t]*)"
          + "(?!\\[REDACTED\\])(\"[^\"\\n]*\"|'[^'\\n]*'|[^\\s\"'][^\\n]*?)[ \\t]*$", "$1" + MASK),
      // \"name\": \"value\" in JSON that was itself put into a JSON string.
      rule("(?i)(\\\\\"" + SECRET_NAME + "\\\\\"\\s*:\\s*)\\\\\"(?:[^\"\\\\]|\\\\(?!\"))*\\\\\"",
          "$1\\\\\"" + MASK + "\\\\\""),
      // Percent-encoded pairs: password%3Dvalue, %22password%22%3A%22value%22.
      rule("(?i)(" + SECRET_NAME + "(?:%22)?(?:%3D|%3A)(?:%20)*+(?:%22)?+)(?!%5BREDACTED|\\[REDACTED)"
          + "(?:%(?!2[26]|3B)[0-9a-f]{2}|[^\\s%&\"'<>,;])+", "$1" + MASK),
      // A YAML block scalar (| or >, with chomping or indentation indicators) under a secret name: every indented line.
      rule("(?im)^([ \\t]*(?:-[ \\t]+)?[\"']?" + SECRET_NAME + "[\"']?[ \\t]*:[ \\t]*[|>][+-]?\\d?[+-]?[ \\t]*"
          + "(?:#[^\\n]*)?\\r?\\n)(?:[ \\t]*\\r?\\n)*([ \\t]+)(?!\\[REDACTED\\])\\S[^\\n]*"
          + "(?:\\r?\\n(?:\\2[^\\n]*|[ \\t]*(?=\\r?\\n)))*", "$1$2" + MASK),
      // A YAML or env-file line whose key names a secret: the rest of the line (up to a query's &) is the value.
      rule("(?im)^([ \\t]*(?:-[ \\t]+)?[\"']?" + SECRET_NAME + "[\"']?[ \\t]*[:=][ \\t]*)"
          + "(?![\"'\\[|>{]|\\[REDACTED\\])(\\S[^\\n&]*?)[ \\t]*(?=&|$)", "$1" + MASK),
      // Command-line flags: --password "a b", --token abc (an unquoted value that is a plain word of letters stays).
      rule("(?i)((?<![\\w-])--?(?:[\\w-]*[_-])?(?:password|passwd|pass|token|secret|api-?key|client-secret)[ \\t]+)"
          + "(?!\\[REDACTED\\])(\"[^\"]*\"|'[^']*'|(?=\\S*[^a-z\\s])[^\\s\"'-]\\S*)", "$1" + MASK),
      // "name": "value" (JSON/YAML, quoted value) and "name": 1234 (JSON number) where the name says secret.
      rule("(?i)([\"']?" + SECRET_NAME + "[\"']?\\s*[:=]\\s*)(\"(?:[^\"\\\\]|\\\\.)*\"|'[^']*'|(?<=[\"']\\s?[:=]\\s?)-?\\d[\\d.]*\\b)",
          "$1\"" + MASK + "\""),
      // name=value and name: value, unquoted, where the name says secret.
      rule("(?i)(\\b" + SECRET_NAME + "\\b\\s*[:=]\\s*)(?!\\[REDACTED\\]|\")([^\\s,;&\"'<>}\\]]+)",
          "$1" + MASK));

  private static Rule rule(String regex, String replacement) {
    return new Rule(Pattern.compile(regex), replacement);
  }

  @Override
  public String redact(String text) {
    if (text == null || text.isEmpty()) {
      return "";
    }
    String out = text;
    for (Rule rule : RULES) {
      out = rule.apply(out);
    }
    return out;
  }

  /** Whether the text contains anything this redactor would replace. */
  public boolean containsSecret(String text) {
    return text != null && !redact(text).equals(text);
  }
}
