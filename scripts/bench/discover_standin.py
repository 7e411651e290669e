"""Benchmark stand-in for the prototype's `GET /api/v1/services/discover` (FastAPI + uvicorn,
SQLAlchemy async over SQLite, as the original Paygent backend served it).

A test-time peer only (never part of the product): scripts/bench/serve.sh runs it with
    uvicorn discover_standin:app --app-dir scripts/bench --port P
and loads it with wrk beside `paygent serve`. The model, filters, ordering and response shape
follow the prototype's src/models/services.py and src/api/routes/services.py; its 5-minute Redis
cache is left out (no Redis here), so every request queries the database, as ours does.
Env: STANDIN_DB (SQLite file, default a temporary one), STANDIN_ROWS (services seeded, default 20).
"""

import os
import tempfile
import uuid
from datetime import datetime

from fastapi import Depends, FastAPI, Query
from pydantic import BaseModel, Field
from sqlalchemy import BigInteger, Boolean, DateTime, Float, String, Text, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

DB_PATH = os.environ.get("STANDIN_DB") or os.path.join(tempfile.mkdtemp(), "standin.sqlite")
ROWS = int(os.environ.get("STANDIN_ROWS", "20"))

engine = create_async_engine(f"sqlite+aiosqlite:///{DB_PATH}")
SessionLocal = async_sessionmaker(engine, expire_on_commit=False)


class Base(DeclarativeBase):
    pass


class Service(Base):
    __tablename__ = "services"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(255), nullable=False)
    description: Mapped[str | None] = mapped_column(Text)
    endpoint: Mapped[str] = mapped_column(String(512), nullable=False)
    category: Mapped[str | None] = mapped_column(String(100))
    pricing_model: Mapped[str] = mapped_column(String(50), nullable=False)
    price_amount: Mapped[float] = mapped_column(Float, nullable=False)
    price_token: Mapped[str] = mapped_column(String(42), nullable=False)
    mcp_compatible: Mapped[bool] = mapped_column(Boolean, default=False)
    reputation_score: Mapped[float] = mapped_column(Float, default=0.0)
    total_calls: Mapped[int] = mapped_column(BigInteger, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=func.now())


class ServiceInfo(BaseModel):
    id: str
    name: str
    description: str | None = None
    endpoint: str
    category: str | None = None
    pricing_model: str
    price_amount: float
    price_token: str
    mcp_compatible: bool = False
    reputation_score: float = Field(default=0.0, ge=0.0)
    total_calls: int = 0
    created_at: str
    updated_at: str


class ServiceListResponse(BaseModel):
    services: list[ServiceInfo]
    total: int
    offset: int
    limit: int


app = FastAPI()


@app.on_event("startup")
async def seed() -> None:
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.drop_all)
        await conn.run_sync(Base.metadata.create_all)
    async with SessionLocal() as db:
        for i in range(ROWS):
            db.add(Service(
                id=str(uuid.UUID(int=i + 1)), name=f"Service {i:02d}", description=f"bench service {i}",
                endpoint=f"http://127.0.0.1:9/svc/{i}", category="market-data", pricing_model="pay-per-call",
                price_amount=0.01 + i / 1000, price_token="0xc01efAaF7C5C61bEbFAeb358E1161b537b8bC0e0",
                mcp_compatible=i % 2 == 0, reputation_score=5.0 - i / 10, total_calls=i * 7))
        await db.commit()


async def get_db():
    async with SessionLocal() as session:
        yield session


@app.get("/health")
async def health() -> dict:
    return {"status": "ok"}


@app.get("/api/v1/services/discover", response_model=ServiceListResponse)
async def discover_services(
    category: str | None = Query(default=None),
    min_price: float | None = Query(default=None, ge=0),
    max_price: float | None = Query(default=None, ge=0),
    min_reputation: float | None = Query(default=None, ge=0),
    mcp_compatible: bool | None = Query(default=None),
    offset: int = Query(default=0, ge=0),
    limit: int = Query(default=20, ge=1, le=100),
    db: AsyncSession = Depends(get_db),
) -> ServiceListResponse:
    stmt = select(Service)
    if category:
        stmt = stmt.where(Service.category == category)
    if min_price is not None:
        stmt = stmt.where(Service.price_amount >= min_price)
    if max_price is not None:
        stmt = stmt.where(Service.price_amount <= max_price)
    if min_reputation is not None:
        stmt = stmt.where(Service.reputation_score >= min_reputation)
    if mcp_compatible is not None:
        stmt = stmt.where(Service.mcp_compatible == mcp_compatible)
    total = (await db.execute(select(func.count()).select_from(stmt.subquery()))).scalar_one()
    rows = (await db.execute(stmt.order_by(Service.reputation_score.desc()).offset(offset).limit(limit))).scalars().all()
    return ServiceListResponse(
        services=[ServiceInfo(
            id=s.id, name=s.name, description=s.description, endpoint=s.endpoint, category=s.category,
            pricing_model=s.pricing_model, price_amount=s.price_amount, price_token=s.price_token,
            mcp_compatible=s.mcp_compatible, reputation_score=s.reputation_score, total_calls=s.total_calls,
            created_at=s.created_at.isoformat(), updated_at=s.updated_at.isoformat()) for s in rows],
        total=total, offset=offset, limit=limit)
