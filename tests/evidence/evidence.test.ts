// The evidence tests, on one seeded demo (seeding is the slow part): the data set, the CSV, XLSX
// and JSON files read back, the PDF pack read back, and the export and share-link routes.
import './dataset.suite';
import './files.suite';
import './pdf.suite';
import './api.suite';
