/** @jsxRuntime automatic */
/** @jsxImportSource react */

/** Nothing may load, run or be sent: only our inline style sheet applies. */
export const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/** The `<head>` of every netreq page: the policy above, and our own constant style sheet. */
export function PageHead({ title, styles }: { readonly title: string; readonly styles: string }) {
  return (
    <head>
      <meta charSet="utf-8" />
      <meta httpEquiv="Content-Security-Policy" content={CSP} />
      <meta name="referrer" content="no-referrer" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>{title}</title>
      {/* Our own constant style sheets; React would escape their quotes and `>`. No evidence goes here. */}
      <style dangerouslySetInnerHTML={{ __html: styles }} />
    </head>
  );
}
