// Placeholder entry point; the stand-in sidecar is being built.
return 0;
