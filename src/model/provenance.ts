/** Where a drill's inputs came from, so that an auditor can tie a verdict to exact files and a commit. */
export interface Provenance {
  /** the scenario file; its redacted text is scenario.yaml beside result.json */
  scenario: InputFile;
  /** every other file the drill read: its data SQL, runbooks, the team's own files */
  inputs: InputFile[];
  /** the commit the files came from: GITHUB_SHA in GitHub Actions, else `git rev-parse HEAD`; null outside a repository */
  commit: string | null;
  /** files that differ from that commit (modified or untracked): the commit alone does not reproduce the run; null when unknown */
  uncommitted: string[] | null;
}

export interface InputFile {
  /** relative to the repository's root (else to the working directory), never the runner's absolute path */
  path: string;
  /** of the file's bytes as read, before any redaction */
  sha256: string;
  /** what the drill used it for: scenario, data, or the step that ran it */
  role: string;
  /**
   * a team's configuration file, run as written: every change pgdrill made to it (a declared
   * substitution, line by line); empty when it ran unchanged. Absent for other inputs.
   */
  overlay?: string[];
}
