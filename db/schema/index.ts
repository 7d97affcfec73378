export * from "./users";
export * from "./wikis";
export * from "./pages";
export * from "./revisions";
export * from "./comments";
export * from "./links";
export * from "./audit";
