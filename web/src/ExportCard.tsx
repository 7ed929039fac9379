import { useState } from "preact/hooks";
import { insights, messageOf } from "./api";
import { ExportFormat } from "./gen/maimai/v1/insights_pb";
import { t } from "./strings";

type State = { kind: "idle" } | { kind: "working" } | { kind: "done"; fileName: string } | { kind: "failed"; message: string };

/** Downloads the snapshot as a file (ExportSnapshot): the server names it with the region and the day. */
export function ExportCard({ snapshotId }: { snapshotId: string }) {
  const [state, setState] = useState<State>({ kind: "idle" });

  const download = (format: ExportFormat) => {
    setState({ kind: "working" });
    insights.exportSnapshot({ snapshotId, format }).then(
      (file) => {
        // A copy: the message's bytes may sit on a shared buffer, which a Blob does not take.
        const url = URL.createObjectURL(new Blob([new Uint8Array(file.content)], { type: file.contentType }));
        const link = document.createElement("a");
        link.href = url;
        link.download = file.fileName;
        document.body.append(link);
        link.click();
        link.remove();
        // The browser has taken the file once the click's task is over.
        setTimeout(() => URL.revokeObjectURL(url), 0);
        setState({ kind: "done", fileName: file.fileName });
      },
      (e: unknown) => setState({ kind: "failed", message: messageOf(e) }),
    );
  };

  const buttons: [ExportFormat, string][] = [
    [ExportFormat.CSV, t.exportCsv], [ExportFormat.JSON, t.exportJson], [ExportFormat.TACHI, t.exportTachi],
  ];
  return (
    <section class="card" aria-labelledby="export-title">
      <h2 id="export-title">{t.exportTitle}</h2>
      <p>{t.exportLead}</p>
      <div class="actions">
        {buttons.map(([format, label]) => (
          <button key={format} type="button" class="secondary" disabled={state.kind === "working"} onClick={() => download(format)}>{label}</button>
        ))}
      </div>
      {state.kind === "working" && <p aria-busy="true">{t.exportWorking}</p>}
      {state.kind === "done" && <p role="status">{t.exportDone(state.fileName)}</p>}
      {state.kind === "failed" && <p role="alert" class="error">{state.message}</p>}
    </section>
  );
}
