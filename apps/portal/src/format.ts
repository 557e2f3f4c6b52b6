/** How the portal shows money and time: đồng with thousands separators, triệu đồng in reports, dd/mm/yyyy in Asia/Ho_Chi_Minh. */
const dong = new Intl.NumberFormat('vi-VN');
export const formatDong = (amount: number | undefined | null) => (amount === undefined || amount === null ? '—' : `${dong.format(amount)} đ`);
export const formatTrieu = (amount: number) => new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 3 }).format(amount / 1_000_000);

const day = new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric' });
const instant = new Intl.DateTimeFormat('vi-VN', {
  timeZone: 'Asia/Ho_Chi_Minh',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});
/** A calendar day (YYYY-MM-DD) or an instant, as dd/mm/yyyy. */
export const formatDay = (value: string | undefined) => {
  if (!value) return '—';
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? value.split('-').reverse().join('/') : day.format(new Date(value));
};
export const formatInstant = (value: string | undefined) => (value ? instant.format(new Date(value)) : '—');
