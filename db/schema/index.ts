export * from "./users";
export * from "./wikis";
export * from "./pages";
