import type { Metadata } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Opinio", template: "%s · Opinio" },
  description: "A collaborative legal wiki: argue, cite and keep the history.",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans antialiased">{children}</body>
    </html>
  );
}
