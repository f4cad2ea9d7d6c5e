import './base.css';
import './toolCallCard.css';
import './chat.css';
