/**
 * The command was called wrongly (a missing or malformed option), as opposed to failing while doing its work: the
 * entry point prints the message without a stack trace and exits with status 2, the usual code for bad usage.
 */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
  readonly exitCode = 2;
  readonly messageZh: string;
  readonly messageEn: string;

  constructor(messageZh: string, message: string) {
    super(`${messageZh} / ${message}`);
    this.messageZh = messageZh;
    this.messageEn = message;
  }
}
