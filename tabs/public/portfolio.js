const PHASES = { analysis: 'Analyse', procurement: 'Udbud', development: 'Udvikling', rollout: 'Udrulning og ibrugtagning', operation: 'Drift', phaseOut: 'Udfasning' };
const STATUSES = { onTrack: 'På sporet', atRisk: 'I risiko', delayed: 'Forsinket' };
const danishDate = (iso) => iso.split('-').reverse().join('-');

const status = document.getElementById('status');
try {
  const res = await fetch('/api/portfolio');
  if (!res.ok) throw new Error(String(res.status));
  const data = await res.json();
  const body = document.querySelector('#portfolio tbody');
  for (const row of data.solutions) {
    const tr = document.createElement('tr');
    const cells = [
      row.solution.name,
      PHASES[row.solution.phase],
      STATUSES[row.solution.status],
      row.nextMilestone ? `${row.nextMilestone.title} (${danishDate(row.nextMilestone.date)})` : '–',
      String(row.openTasks),
      String(row.agreementsAwaiting),
    ];
    for (const text of cells) {
      const td = document.createElement('td');
      td.textContent = text;
      tr.append(td);
    }
    body.append(tr);
  }
  document.getElementById('portfolio').hidden = false;
  status.textContent = `${data.solutions.length} løsninger`;
} catch {
  status.textContent = 'Porteføljen kunne ikke hentes. Prøv igen om lidt.';
}
