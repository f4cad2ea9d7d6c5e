import './base.css';
import './toolCallCard.css';
