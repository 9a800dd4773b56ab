import { createRoot } from 'react-dom/client';
import { Root } from './components/Root';
import { detectHost } from './host';
import './styles.css';

const host = await detectHost();
createRoot(document.getElementById('root')!).render(<Root host={host} />);
