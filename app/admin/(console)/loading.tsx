export default function ConsoleLoading() {
  return (
    <div role="status" aria-live="polite" className="admin-loading">
      <span className="spinner" aria-hidden />
      Loading…
      <div className="skeleton" />
    </div>
  );
}
