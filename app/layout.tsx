import type { Metadata } from "next";
import "./globals.css";

// Every page is rendered per request, so each response's scripts carry that response's CSP nonce
// (lib/server/security-headers.ts); a prerendered page (such as the 404) would carry none.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: "Opinio", template: "%s · Opinio" },
  description: "A collaborative legal wiki: argue, cite and keep the history.",
  // public/favicon.svg, served by Next's request handler (lib/server/main.ts hands it every request).
  icons: { icon: [{ url: "/favicon.svg", type: "image/svg+xml" }] },
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans antialiased">{children}</body>
    </html>
  );
}
