// Inline styles shared by every email (mail clients ignore stylesheets).
export const styles = {
  body: { backgroundColor: '#f6f7f9', fontFamily: 'system-ui, -apple-system, Segoe UI, Roboto, sans-serif' },
  container: { backgroundColor: '#ffffff', margin: '40px auto', padding: '32px', borderRadius: '8px', maxWidth: '480px' },
  heading: { fontSize: '22px', color: '#111827', margin: '0 0 16px' },
  text: { fontSize: '15px', lineHeight: '24px', color: '#374151' },
  muted: { fontSize: '13px', lineHeight: '20px', color: '#6b7280' },
  button: { backgroundColor: '#4338ca', color: '#ffffff', padding: '12px 20px', borderRadius: '6px', fontWeight: 600, textDecoration: 'none' },
  link: { color: '#4338ca', wordBreak: 'break-all' as const },
  hr: { borderColor: '#e5e7eb', margin: '24px 0' },
};
